// How text becomes search terms, the same for what is indexed and what is typed: lower case, diacritics
// folded ("José" finds "jose" and back), punctuation dropped except inside numbers ("12.50", "4,821"), and
// phone numbers written any way ("+1 (415) 555-0101", "415.555.0101") become their digits, plus their last
// 10 and 7 digits so a number typed without its country or area code still matches. Bump
// TOKENIZER_VERSION whenever the terms this produces change: a persisted index of another version is rebuilt.
export const TOKENIZER_VERSION = 1

/** A run of digits with the separators phone numbers are written with; 7+ digits make it a phone number. */
const PHONE = /\+?\(?\d[\d\s().-]{5,}\d/g
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’.,][\p{L}\p{M}\p{N}]+)*/gu
const MIN_PHONE_DIGITS = 7

/** Lower case without diacritics (NFD, combining marks removed). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

/** One word's term: apostrophes removed ("don't" → "dont"); dots and commas stay only between digits. */
function term(word: string): string[] {
  const joined = word.replace(/['’]/g, '')
  if (/^[\d.,]+$/.test(joined)) return [joined]
  return joined.split(/[.,]/).filter((part) => part.length > 0)
}

function phoneTerms(text: string): string[] {
  const out: string[] = []
  for (const match of text.matchAll(PHONE)) {
    const digits = match[0].replace(/\D/g, '')
    if (digits.length < MIN_PHONE_DIGITS) continue
    out.push(digits)
    if (digits.length > 10) out.push(digits.slice(-10))
    if (digits.length > 7) out.push(digits.slice(-7))
  }
  return out
}

/** The terms of a text, in order (phone numbers' digit forms after the words). */
export function tokenize(text: string): string[] {
  const folded = fold(text)
  const words: string[] = []
  for (const match of folded.matchAll(WORD)) words.push(...term(match[0]))
  return [...words, ...phoneTerms(folded)]
}

/**
 * Where each word sits in the original text and its terms (for marking snippets); same rules as tokenize.
 * Given `firsts` (the first letters of the terms sought), words none of whose terms can begin with one of
 * them are skipped without folding them: a snippet per hit would otherwise fold every word of every hit.
 */
export function termSpans(
  text: string,
  firsts?: ReadonlySet<string>,
): { terms: string[]; start: number; end: number }[] {
  const spans: { terms: string[]; start: number; end: number }[] = []
  // NFD can change lengths, so fold each word of the original text rather than the text as a whole.
  for (const match of text.matchAll(WORD)) {
    if (firsts && !mayBegin(match[0], firsts)) continue
    spans.push({ terms: term(fold(match[0])), start: match.index, end: match.index + match[0].length })
  }
  for (const match of text.matchAll(PHONE)) {
    const terms = phoneTerms(match[0])
    if (terms.length > 0) spans.push({ terms, start: match.index, end: match.index + match[0].length })
  }
  return spans
}

/** Whether a term of `word` (its start, or a part after a dot or comma) can begin with one of `firsts`. */
function mayBegin(word: string, firsts: ReadonlySet<string>): boolean {
  for (let i = 0; i < word.length; i++) {
    if (i > 0 && word[i - 1] !== '.' && word[i - 1] !== ',') continue
    const c = word.charCodeAt(i) < 128 ? word[i]!.toLowerCase() : fold(word[i]!)
    // A letter that folds to nothing (a lone mark) decides nothing: keep the word.
    if (c === '' || firsts.has(c)) return true
  }
  return false
}

/**
 * A query as typed, with phone numbers written as their digits: "(415) 555-0101" must match as one number,
 * not as "415", "555" and "0101", which are no word's beginning in "+14155550101".
 */
export function queryText(query: string): string {
  return query.replace(PHONE, (run) => {
    const digits = run.replace(/\D/g, '')
    return digits.length >= MIN_PHONE_DIGITS ? ` ${digits} ` : run
  })
}
