// The organization's phone numbers, and whether a number can get iMessage.
import type { PhoneNumber } from '../../../shared/domain'
import { enc, type ClientContext, type JsonBody } from './client-context'
import { answers, parseWire, toIMessageAvailability, toPhoneNumber } from './map'
import type { CallOptions, IMessageAvailability } from './types'

export function phoneNumberOperations(ctx: ClientContext) {
  return {
    /** Also refreshes which numbers are ours (isFromMe). */
    listPhoneNumbers: ctx.listPhoneNumbers,

    /** Sets the number calls are forwarded to; null clears it. */
    async updatePhoneNumber(
      id: string,
      forwardingNumber: string | null,
      opts: CallOptions = {},
    ): Promise<PhoneNumber> {
      const json: JsonBody<'updatePhoneNumber'> = { forwarding_number: forwardingNumber ?? '' }
      const r = await ctx.call('updatePhoneNumber', 'PUT', `/phone_numbers/${enc(id)}`, { json, ...opts })
      return toPhoneNumber(parseWire('updatePhoneNumber', answers.updatePhoneNumber, r.body))
    },

    /** Linq allows about one check per 10 s. A read-only question despite the POST, so it is retried. */
    async checkIMessageAvailability(
      phoneNumber: string,
      opts: CallOptions = {},
    ): Promise<IMessageAvailability> {
      const json: JsonBody<'checkIMessageAvailability'> = { phone_number: phoneNumber }
      const r = await ctx.http.request({
        operationId: 'checkIMessageAvailability',
        method: 'POST',
        path: '/i_message_availability/check',
        json,
        retry: true,
        signal: opts.signal,
      })
      return toIMessageAvailability(
        parseWire('checkIMessageAvailability', answers.checkIMessageAvailability, r.body),
      )
    },
  }
}
