import { memo, useMemo, type MouseEvent } from 'react'
import { openExternalLink } from '../../state/actions/system'
import { splitLinks } from './links'

/** Message text with https: and mailto: links that open in the system browser (never in the app). */
export const LinkifiedText = memo(function LinkifiedText({ text }: { text: string }) {
  const parts = useMemo(() => splitLinks(text), [text])
  if (parts.length === 1 && parts[0]!.kind === 'text') return <>{text}</>
  const open = (url: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault()
    void openExternalLink(url)
  }
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <a
            key={i}
            className="message-link"
            href={part.url}
            rel="noreferrer noopener"
            onClick={open(part.url)}
            // A middle click would otherwise ask the page to open a window.
            onAuxClick={(event) => event.preventDefault()}
          >
            {part.text}
          </a>
        ),
      )}
    </>
  )
})
