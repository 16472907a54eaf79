/**
 * Parses the money strings of Bot Framework receipt cards (`"$38.45"`, `"€1.234,50"`, `"12.00 USD"`)
 * into a number and an ISO 4217 currency, as Messenger's receipt template needs them.
 *
 * @module
 */

/** A parsed amount: the value and, when the string names one, the currency. */
export interface Amount {
  value: number;
  currency: string | undefined;
}

/** Currency symbols, longest first so `US$` wins over `$`. `$` alone is read as USD. */
const SYMBOLS: readonly (readonly [string, string])[] = [
  ['US$', 'USD'],
  ['CA$', 'CAD'],
  ['AU$', 'AUD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['MX$', 'MXN'],
  ['R$', 'BRL'],
  ['C$', 'CAD'],
  ['A$', 'AUD'],
  ['S$', 'SGD'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₪', 'ILS'],
  ['₫', 'VND'],
  ['฿', 'THB'],
  ['₱', 'PHP'],
  ['zł', 'PLN'],
];

/**
 * Parses `text` into an {@link Amount}, or `undefined` when it is not one number with at most one
 * currency symbol or ISO code.
 *
 * @remarks
 * The last `.` or `,` followed by one or two digits is the decimal mark; a lone `,` followed by
 * exactly three digits, and repeated marks, group thousands (`1,234.50`, `1.234,50`, `1 234,50`).
 *
 * @example
 * ```ts
 * parseAmount('$38.45'); // { value: 38.45, currency: 'USD' }
 * parseAmount('1.234,50 EUR'); // { value: 1234.5, currency: 'EUR' }
 * parseAmount('12'); // { value: 12, currency: undefined }
 * ```
 */
export function parseAmount(text: string): Amount | undefined {
  let rest = text.trim();
  let negative = false;
  if (/^[-−]/u.test(rest)) {
    negative = true;
    rest = rest.slice(1).trim();
  }
  let currency: string | undefined;
  const code = /^([A-Z]{3})\s*(?=[\d.,])|(?<=[\d.,])\s*([A-Z]{3})$/u.exec(rest);
  if (code) {
    currency = code[1] ?? code[2];
    rest = (rest.slice(0, code.index) + rest.slice(code.index + code[0].length)).trim();
  }
  for (const [symbol, iso] of SYMBOLS) {
    if (rest.startsWith(symbol) || rest.endsWith(symbol)) {
      if (currency !== undefined && currency !== iso && symbol !== '$') return undefined;
      currency ??= iso;
      rest = (rest.startsWith(symbol) ? rest.slice(symbol.length) : rest.slice(0, -symbol.length)).trim();
      break;
    }
  }
  if (/^[-−]/u.test(rest)) {
    negative = !negative;
    rest = rest.slice(1).trim();
  }
  const value = parseNumber(rest);
  if (value === undefined) return undefined;
  return { value: negative ? -value : value, currency };
}

function parseNumber(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f'’]/gu, '');
  if (!/^\d[\d.,]*$/u.test(compact) || /[.,]$/u.test(compact)) return undefined;
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  let normalized: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    if (compact.split(decimal).length > 2) return undefined;
    normalized = compact.split(group).join('').replace(decimal, '.');
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const pieces = compact.split(mark);
    const decimals = pieces[pieces.length - 1] ?? '';
    const grouping = pieces.length > 2 || (mark === ',' && decimals.length === 3);
    if (grouping) {
      if (pieces.slice(1).some((piece) => piece.length !== 3)) return undefined;
      normalized = pieces.join('');
    } else {
      normalized = pieces.join('.');
    }
  } else {
    normalized = compact;
  }
  const value = Number(normalized);
  return Number.isFinite(value) ? value : undefined;
}
