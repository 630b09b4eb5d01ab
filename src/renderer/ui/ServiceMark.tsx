import type { Service } from '../../shared/domain'

const SHORT: Record<Service, string> = { iMessage: 'iMessage', SMS: 'SMS', RCS: 'RCS' }

/** A small coloured tag naming the service; its text is its label. */
export function ServiceMark({ service }: { service: Service | null }) {
  if (!service) return null
  return <span className={`service-mark service-mark--${service.toLowerCase()}`}>{SHORT[service]}</span>
}
