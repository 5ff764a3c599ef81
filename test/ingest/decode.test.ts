import { describe, expect, test } from 'vitest';
import { decodeTranscript, normalizeText } from '../../src/ingest/decode.js';

const text = 'Client: I’m “fine”, really.\nTherapist: Café talk is fine too.\n';

function utf16be(value: string): Buffer {
  return Buffer.from(value, 'utf16le').swap16();
}

describe('decodeTranscript', () => {
  test.each([
    { name: 'UTF-8', bytes: Buffer.from(text, 'utf8'), encoding: 'utf-8' },
    { name: 'UTF-8 with BOM', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), encoding: 'utf-8' },
    { name: 'UTF-16 LE with BOM', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), encoding: 'utf-16le' },
    { name: 'UTF-16 BE with BOM', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), encoding: 'utf-16be' },
    { name: 'CR LF line ends', bytes: Buffer.from(text.replace(/\n/g, '\r\n')), encoding: 'utf-8' },
    { name: 'CR line ends', bytes: Buffer.from(text.replace(/\n/g, '\r')), encoding: 'utf-8' },
    { name: 'zero-width characters', bytes: Buffer.from(text.replace('fine”', 'fi\u200bne\u2060”\ufeff')), encoding: 'utf-8' },
  ])('$name decodes to the same text', ({ bytes, encoding }) => {
    expect(decodeTranscript(bytes)).toEqual({ ok: true, text, encoding });
  });

  test('no-break spaces become spaces', () => {
    expect(decodeTranscript(Buffer.from('T:\u00a0Hi\u202fthere'))).toEqual({ ok: true, text: 'T: Hi there', encoding: 'utf-8' });
  });

  test('invalid UTF-8 without control bytes is read as Windows-1252', () => {
    const bytes = Buffer.from([...Buffer.from('Client: '), 0x93, ...Buffer.from('fine'), 0x94]);
    expect(decodeTranscript(bytes)).toEqual({ ok: true, text: 'Client: “fine”', encoding: 'windows-1252' });
  });

  test.each([
    { name: 'NUL bytes', bytes: Buffer.from([0x54, 0x3a, 0x00, 0x48]), message: 'binary file (contains NUL bytes); expected UTF-8 or UTF-16 text' },
    { name: 'UTF-16 without BOM', bytes: Buffer.from('T: Hi', 'utf16le'), message: 'binary file (contains NUL bytes); expected UTF-8 or UTF-16 text' },
    {
      name: 'control bytes and invalid UTF-8',
      bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x01, 0x02, 0xff]),
      message: 'binary file (not UTF-8 text and full of control bytes); expected UTF-8 or UTF-16 text',
    },
    { name: 'NUL in UTF-16 text', bytes: Buffer.from([0xff, 0xfe, 0x54, 0x00, 0x00, 0x00]), message: 'binary file (contains NUL characters); expected UTF-8 or UTF-16 text' },
    { name: 'odd UTF-16 length', bytes: Buffer.from([0xff, 0xfe, 0x54]), message: 'not valid UTF-16LE text' },
  ])('$name → typed error', ({ bytes, message }) => {
    expect(decodeTranscript(bytes)).toEqual({ ok: false, message });
  });
});

test('normalizeText keeps curly quotes', () => {
  expect(normalizeText('“Hi”\r\n‘there’\r')).toBe('“Hi”\n‘there’\n');
});
