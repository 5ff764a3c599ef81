/**
 * The HTML report's inline style sheet and script. The script only pages, filters and
 * reveals; the report reads complete without it (the first page, in print too).
 */

/**
 * Screen and print styles; colours are the Okabe–Ito technique blue and pitfall vermillion,
 * with darker shades of each (--t-text, --p-text) for words, which need 4.5:1 against their
 * background where marks and lines need 3:1.
 * Heat map counts are black: 5.3:1 or more up to the darkest cell (--i is at most 0.85),
 * where white never reached 4.5:1 on vermillion.
 * Timeline ticks and axis keep 3:1 against white, as graphics that carry meaning need.
 * A trend comes in two drawings, the narrow one for a column under 640 pixels, so its text
 * is never shrunk below 12 pixels (see TREND_LAYOUTS).
 * Hover and selection thicken a mark's edge and keyboard focus adds a ring (a click, no
 * ring), so the focused mark stands out from the selected one. A row's Show button is 24
 * pixels or more each way, the target a mark too small or too close to the next stands for.
 * In forced colours (Windows High Contrast) the system's colours stand in for ours: marks,
 * ticks and trend lines in CanvasText (shapes and dashes still tell them apart), the
 * selected mark and findings row in Highlight, and each heat map cell keeps its intensity
 * as a CanvasText bar along its foot, as long as the cell for the rule's busiest session.
 * An empty finding box takes no room but stays in the accessibility tree: a live region
 * that appears together with its text is often not read.
 */
export const STYLE = `
:root{--t:#0072B2;--p:#D55E00;--t-text:#005A8C;--p-text:#A94800;--ink:#1d1d1f;--muted:#5f6368;--line:#d9d9de;--bg:#fff;--soft:#f5f6f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header,main,nav{max-width:1180px;margin:0 auto;padding:0 20px}
header{padding-top:20px}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1rem;margin:1em 0 .3em}
.meta,.note{color:var(--muted)}
nav a{margin-inline-end:1em}
.totals{display:flex;flex-wrap:wrap;gap:10px;margin:0;padding:0}
.totals div{background:var(--soft);border-radius:6px;padding:8px 12px;min-width:120px}
.totals dt{font-size:.8rem;color:var(--muted)}.totals dd{margin:0;font-size:1.35rem;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:16px;align-items:center;font-size:.9rem;margin:.6em 0}
.legend svg{vertical-align:middle}
.heat th.code svg{vertical-align:-1px;margin-inline-end:3px}
table{border-collapse:collapse;font-size:.9rem}
th,td{padding:3px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-weight:600}
td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}
.heat td.cell{text-align:center;min-width:2.6em;font-variant-numeric:tabular-nums;color:#000}
.heat td.cell.zero{color:var(--muted)}
.heat td.cell.strong{font-weight:600}
.heat td.technique{background:rgb(0 114 178 / var(--i))}
.heat td.pitfall{background:rgb(213 94 0 / var(--i))}
.heat th.code{font-size:.8rem}
.heat td{white-space:nowrap}
.heat th.pitfall,.findings td.pitfall{border-top:3px solid var(--p)}
.heat th.technique{border-top:3px solid var(--t)}
.scroll{overflow-x:auto}
.pager,.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:.6em 0;padding:8px;background:var(--soft);border-radius:6px}
button,select{font:inherit}
.pager label,.filters label{display:flex;gap:.3em;align-items:center;max-width:100%}
.pager select,.filters select{min-width:0;max-width:100%}
@media (max-width:30em){header,main,nav{padding:0 10px}.session{padding:8px}}
.session{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:14px 0;break-inside:avoid-page}
.session h3{margin:0}
svg.timeline{width:100%;height:100px;display:block;margin:6px 0;overflow:visible}
svg.timeline .track path{vector-effect:non-scaling-stroke}
svg.symbols{position:absolute}
svg.timeline .axis{stroke:#8c8c8c;stroke-width:1}
svg.timeline .tick-therapist{stroke:#444;stroke-width:2}
svg.timeline .tick-client{stroke:#777;stroke-width:2}
svg.timeline .tick-other{stroke:#949494;stroke-width:2}
svg.timeline .span{stroke:var(--p);stroke-width:3}
.mark[role=button]{cursor:pointer}
.mark.technique{fill:var(--t)}.mark.pitfall{fill:var(--p)}
.mark.intended{fill:#fff;stroke-width:2}.mark.intended.technique{stroke:var(--t)}.mark.intended.pitfall{stroke:var(--p)}
.mark.suppressed{fill:#fff;stroke:#888;stroke-width:2;stroke-dasharray:2 2}
.mark[role=button]:hover,.mark.selected{stroke:#000;stroke-width:3}
.mark:focus-visible{outline:2px solid #000;outline-offset:3px}.mark:focus:not(:focus-visible){outline:none}
.axis-labels{display:flex;justify-content:space-between;font-size:.75rem;color:var(--muted)}
.detail{background:var(--soft);border-left:4px solid var(--muted);padding:6px 10px;margin:6px 0;font-size:.9rem}
.detail[hidden]{display:none}.detail:empty{padding:0;margin:0;border:0}
.detail.pitfall{border-color:var(--p)}.detail.technique{border-color:var(--t)}
.findings{width:100%}
.findings tr.selected td{background:#fff3c4}
.findings td.excerpt{min-width:12em;max-width:34em}
.findings .status{font-size:.8rem;color:var(--muted)}
.findings button.show{min-width:24px;min-height:24px;padding:0 5px;border:1px solid #8c8c8c;border-radius:4px;background:var(--bg);color:inherit;cursor:pointer;font-variant-numeric:tabular-nums}
.kind-technique{color:var(--t-text);font-weight:600}.kind-pitfall{color:var(--p-text);font-weight:600}
.trend-block{container-type:inline-size}
svg.trend{display:block;width:100%;height:auto}
svg.trend.wide{max-width:640px}svg.trend.narrow{display:none;max-width:400px}
@container (max-width:639.9px){svg.trend.wide{display:none}svg.trend.narrow{display:block}}
svg.trend text{font-size:12px;fill:var(--muted)}
svg.trend .grid{stroke:var(--line)}
svg.trend .line{fill:none;stroke-width:2}
svg.trend .technique .line{stroke:var(--t)}svg.trend .technique{fill:var(--t)}
svg.trend .pitfall .line{stroke:var(--p);stroke-dasharray:6 4}svg.trend .pitfall{fill:var(--p)}
.problems li{color:#8a1c00}
@media (forced-colors:active){
  .heat td.cell{forced-color-adjust:none;color:CanvasText;background:linear-gradient(CanvasText,CanvasText) center bottom 2px/calc(var(--i) * (100% - 8px) / .85) 4px no-repeat Canvas}
  .heat td.cell.zero{color:GrayText}
  svg.timeline .axis,svg.timeline .tick-therapist,svg.timeline .span{stroke:CanvasText}
  svg.timeline .tick-client,svg.timeline .tick-other{stroke:GrayText}
  .mark.technique,.mark.pitfall,svg.bar .technique,svg.trend .series{fill:CanvasText}
  svg.bar .pitfall{fill:GrayText}
  .mark.intended,.mark.suppressed{fill:Canvas;stroke:CanvasText}
  .mark[role=button]:hover{stroke:CanvasText}
  .mark.selected,.mark.selected.intended,.mark.selected.suppressed{fill:Highlight;stroke:Highlight}
  .mark:focus-visible{outline-color:CanvasText}
  .findings tr.selected{outline:3px solid Highlight;outline-offset:-3px}
  svg.trend text{fill:CanvasText}
  svg.trend .grid{stroke:GrayText}
  svg.trend .line{stroke:CanvasText}
}
@media print{
  nav,.pager,.filters,.detail{display:none!important}
  .findings button.show{border:none;background:none;padding:0}
  body{font-size:11pt}
  .session{border:none;border-top:1px solid #999;border-radius:0}
  .heat td.technique,.heat td.pitfall,svg{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  a{color:inherit;text-decoration:none}
}
`;

/**
 * Makes a table's scroll box a named, focusable region (so a keyboard can scroll it) only
 * while its table is wider than the box, and checks again whenever the box or its table
 * changes size (a narrower window, a filter, a page of sessions or an opened finding).
 * Without script every box stays a focusable region, as the markup has it.
 */
export const SCROLL_SCRIPT = `
(function(){
  if(typeof ResizeObserver!=='function')return;
  function update(box){
    if(!box.hasAttribute('data-label'))box.setAttribute('data-label',box.getAttribute('aria-label')||'');
    if(box.scrollWidth>box.clientWidth||box.scrollHeight>box.clientHeight){
      box.setAttribute('tabindex','0');box.setAttribute('role','region');box.setAttribute('aria-label',box.getAttribute('data-label'));
    }else{
      box.removeAttribute('tabindex');box.removeAttribute('role');box.removeAttribute('aria-label');
    }
  }
  var observer=new ResizeObserver(function(entries){
    entries.forEach(function(entry){var box=entry.target.closest('.scroll');if(box)update(box);});
  });
  function watch(){
    observer.disconnect();
    document.querySelectorAll('.scroll').forEach(function(box){
      observer.observe(box);
      if(box.firstElementChild)observer.observe(box.firstElementChild);
    });
  }
  watch();
  new MutationObserver(watch).observe(document.body,{childList:true,subtree:true});
})();
`;

/**
 * Pages sessions in and out of their templates, filters the findings lists by rule, kind
 * and session, and reveals a finding when its timeline mark is clicked (or activated with
 * Enter or Space), or the Show button of its row in the findings list.
 */
export const SCRIPT = `
(function(){
  var view=document.getElementById('page-view');
  var pages=document.querySelectorAll('template[data-page]');
  var info=document.getElementById('page-info');
  var pageSelect=document.getElementById('page-select');
  var current=1;
  var filter={rule:'',kind:'',session:''};
  function show(n){
    var t=document.querySelector('template[data-page="'+n+'"]');
    if(!t)return;
    view.replaceChildren(t.content.cloneNode(true));
    current=n;
    if(pageSelect)pageSelect.value=String(n);
    if(info)info.textContent=t.getAttribute('data-label');
    apply();
  }
  function apply(){
    view.querySelectorAll('.session').forEach(function(card){
      card.hidden=filter.session!==''&&card.getAttribute('data-session-index')!==filter.session;
    });
    view.querySelectorAll('tr[data-session-index]').forEach(function(row){
      row.hidden=filter.session!==''&&row.getAttribute('data-session-index')!==filter.session;
    });
    view.querySelectorAll('.findings tbody tr').forEach(function(row){
      var ok=(filter.rule===''||row.getAttribute('data-rule')===filter.rule)&&
        (filter.kind===''||row.getAttribute('data-kind')===filter.kind||row.getAttribute('data-status')===filter.kind);
      row.hidden=!ok;
    });
  }
  function reveal(control){
    var card=control.closest('.session');
    var id=control.getAttribute('data-finding');
    var row=card&&card.querySelector('tr[data-finding="'+id+'"]');
    if(!row)return;
    card.querySelectorAll('.selected').forEach(function(e){e.classList.remove('selected');});
    var mark=card.querySelector('.mark[data-finding="'+id+'"]');
    if(mark)mark.classList.add('selected');
    row.classList.add('selected');row.hidden=false;
    var detail=card.querySelector('.detail');
    var tpl=row.querySelector('template');
    if(detail&&tpl){detail.replaceChildren(tpl.content.cloneNode(true));detail.className='detail '+row.getAttribute('data-kind');detail.hidden=false;}
  }
  document.addEventListener('click',function(e){
    var control=e.target.closest&&e.target.closest('.mark,button.show');
    if(control)reveal(control);
    var nav=e.target.closest&&e.target.closest('[data-go]');
    if(nav){var n=current+Number(nav.getAttribute('data-go'));if(n>=1&&n<=pages.length)show(n);}
  });
  document.addEventListener('keydown',function(e){
    var mark=e.target.closest&&e.target.closest('.mark');
    if(mark&&(e.key==='Enter'||e.key===' ')){e.preventDefault();reveal(mark);}
  });
  function bind(id,key){
    var el=document.getElementById(id);
    if(el)el.addEventListener('change',function(){
      filter[key]=el.value;
      if(key==='session'&&el.value!==''){var p=el.selectedOptions[0].getAttribute('data-page');if(p&&Number(p)!==current){show(Number(p));return;}}
      apply();
    });
  }
  bind('filter-rule','rule');bind('filter-kind','kind');bind('filter-session','session');
  if(pageSelect)pageSelect.addEventListener('change',function(){show(Number(pageSelect.value));});
})();
`;
