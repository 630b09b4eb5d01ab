// Conversations: how many SMS a text becomes. GSM-7 carries 160 characters in one segment and 153 per segment
// once split (the rest is the concatenation header); the extension table (€ [ ] { } ~ ^ | \ and the form
// feed) costs two. Any character outside GSM-7 makes the whole text UCS-2: 70, or 67 per segment, counted
// in UTF-16 units (an emoji takes two). Carriers fail long texts often past about 10 segments.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const GSM_EXTENDED = '\f^{}\\[~]|€'
const BASIC = new Set(GSM_BASIC)
const EXTENDED = new Set(GSM_EXTENDED)

/** Past this many segments the composer warns: carriers drop or mangle long texts. */
export const SMS_SEGMENT_WARNING = 10

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2'
  segments: number
  /** Characters (in the encoding's units) left in the last segment. */
  remaining: number
  /** Units the text takes: septets for GSM-7, UTF-16 units for UCS-2. */
  units: number
}

export function smsSegments(text: string): SmsSegments {
  let septets = 0
  let gsm = true
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1
    else if (EXTENDED.has(ch)) septets += 2
    else {
      gsm = false
      break
    }
  }
  const [units, single, multi] = gsm ? [septets, 160, 153] : [text.length, 70, 67]
  if (units === 0) return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: 0, remaining: single, units }
  const segments = units <= single ? 1 : Math.ceil(units / multi)
  const capacity = segments === 1 ? single : segments * multi
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments, remaining: capacity - units, units }
}
