import type { MatcherKind } from './types.js';

/** `rule: id`: another rule's surviving match on the same text. */
export const ruleKind: MatcherKind<{ rule: string }> = {
  key: 'rule',
  schema: { type: 'string', minLength: 1 },
  compile: (def, ctx) => {
    const rule = def.rule ?? '';
    if (!ctx.ids.has(rule)) return [{ keyPath: ['rule'], message: `unknown rule "${rule}" (expected one of ${[...ctx.ids].join(', ')})` }];
    return { rule };
  },
  find: (compiled, _view, ctx) => {
    const span = ctx.ruleMatch(compiled.rule);
    return span ? [span] : [];
  },
  describe: (def) => `rule ${def.rule ?? ''}`,
  references: (compiled) => [compiled.rule],
};
