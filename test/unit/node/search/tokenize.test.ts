// The tokenizer: the same terms for what is indexed and what is typed.
import { describe, expect, it } from 'vitest'
import { queryText, termSpans, tokenize } from '../../../../src/main/services/search/tokenize'
import { namesOf } from '../../../../src/main/services/search/documents'
import { snippet } from '../../../../src/main/services/search/snippet'

describe('tokenize', () => {
  it('lower-cases and folds diacritics, precomposed or not', () => {
    expect(tokenize('José CAFÉ Ünïcödé')).toEqual(['jose', 'cafe', 'unicode'])
    expect(tokenize('Jose\u0301 cafe\u0301')).toEqual(['jose', 'cafe'])
  })

  it('drops punctuation and emoji; apostrophes join a word', () => {
    expect(tokenize("Hi! Is it ready?? — yes, 👍 (really)… don’t can't")).toEqual([
      'hi',
      'is',
      'it',
      'ready',
      'yes',
      'really',
      'dont',
      'cant',
    ])
  })

  it('keeps numbers whole, with their decimal and thousands separators', () => {
    expect(tokenize('Invoice #4821 is $1,250.50 for 3pm')).toEqual([
      'invoice',
      '4821',
      'is',
      '1,250.50',
      'for',
      '3pm',
    ])
    expect(tokenize('example.com/invoices/4821')).toEqual(['example', 'com', 'invoices', '4821'])
  })

  it('turns phone numbers written any way into their digits, and their last 10 and 7', () => {
    const terms = tokenize('Call +1 (415) 555-0101 today')
    expect(terms).toEqual(expect.arrayContaining(['14155550101', '4155550101', '5550101']))
    expect(tokenize('415.555.0101')).toEqual(expect.arrayContaining(['4155550101', '5550101']))
    // Short digit runs are not phone numbers.
    expect(tokenize('12 34')).toEqual(['12', '34'])
  })

  it('a typed phone number becomes one term, which begins the indexed number', () => {
    expect(queryText('(415) 555-0101')).toContain('4155550101')
    expect(tokenize(queryText('(415) 555-0101'))).not.toContain('415')
  })

  it('knows where each word is in the original text', () => {
    const text = 'Café at 9'
    expect(termSpans(text).map((s) => [s.terms, text.slice(s.start, s.end)])).toEqual([
      [['cafe'], 'Café'],
      [['at'], 'at'],
      [['9'], '9'],
    ])
  })
})

describe('snippet', () => {
  it('marks the words that begin with a query term, in the original spelling', () => {
    expect(snippet('Here is your invoice from José', 'invo jose')).toEqual([
      { text: 'Here is your ', marked: false },
      { text: 'invoice', marked: true },
      { text: ' from ', marked: false },
      { text: 'José', marked: true },
    ])
  })

  it('marks words whose folded first letter, or a part after a dot, begins a term; the next query anew', () => {
    const marked = (text: string, query: string) =>
      snippet(text, query)
        .filter((s) => s.marked)
        .map((s) => s.text)
    expect(marked('Élodie paid, see shop.invoices and ÉCOLE', 'elo invoices ecole')).toEqual([
      'Élodie',
      'shop.invoices',
      'ÉCOLE',
    ])
    expect(marked('Élodie paid, see shop.invoices', 'paid')).toEqual(['paid'])
    expect(marked('Élodie paid, see shop.invoices', 'shop')).toEqual(['shop.invoices'])
  })

  it('is a window around the first match in a long text', () => {
    const text = 'word '.repeat(100) + 'needle ' + 'word '.repeat(100)
    const segments = snippet(text, 'needle')
    expect(segments[0]).toEqual({ text: '…', marked: false })
    expect(segments.at(-1)).toEqual({ text: '…', marked: false })
    expect(segments.filter((s) => s.marked).map((s) => s.text)).toEqual(['needle'])
    expect(segments.map((s) => s.text).join('').length).toBeLessThan(200)
  })

  it('keeps markup as text: the segments join back to the original characters', () => {
    const segments = snippet('<b>bold</b> move', '<b>bold')
    expect(segments.map((s) => s.text).join('')).toBe('<b>bold</b> move')
    expect(segments.filter((s) => s.marked).map((s) => s.text)).toEqual(['b', 'bold', 'b'])
  })
})

describe('namesOf', () => {
  const chat = {
    title: 'Diego',
    participants: [
      { id: 'p1', handle: '+14155550101', service: null },
      { id: 'p2', handle: '+442071838750', service: null },
    ],
  }
  it("indexes the chat's title, its handles and, given contacts, their names once", () => {
    const contact = (handle: string) => (handle === '+14155550101' ? 'Diego Ruiz' : handle)
    expect(namesOf(chat, contact)).toBe('Diego +14155550101 +442071838750 Diego Ruiz')
    expect(namesOf(chat)).toBe('Diego +14155550101 +442071838750')
  })
})
