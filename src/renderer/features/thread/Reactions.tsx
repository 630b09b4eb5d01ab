// Reactions under a bubble: one chip per type with its count; the tooltip and the label say who reacted.
// Clicking a chip toggles our own reaction of that type, like picking it from the menu.
import { memo, type ComponentType, type SVGProps } from 'react'
import { REACTION_TYPES, type Reaction, type ReactionType } from '../../../shared/domain'
import { toggleReaction } from '../../state/actions/message'
import { handleName } from '../../ui/format'
import { DislikeIcon, EmphasizeIcon, LaughIcon, LikeIcon, LoveIcon, QuestionIcon } from '../../ui/icons'

export const REACTION_LABEL: Record<ReactionType, string> = {
  love: 'Love',
  like: 'Like',
  dislike: 'Dislike',
  laugh: 'Laugh',
  emphasize: 'Emphasize',
  question: 'Question',
}

export const REACTION_ICON: Record<ReactionType, ComponentType<Omit<SVGProps<SVGSVGElement>, 'children'>>> = {
  love: LoveIcon,
  like: LikeIcon,
  dislike: DislikeIcon,
  laugh: LaughIcon,
  emphasize: EmphasizeIcon,
  question: QuestionIcon,
}

export interface ReactionSummary {
  type: ReactionType
  count: number
  mine: boolean
  /** Who reacted, "You" first. */
  who: string[]
}

export function summarizeReactions(reactions: Reaction[]): ReactionSummary[] {
  const byType = new Map<ReactionType, ReactionSummary>()
  for (const r of reactions) {
    const entry = byType.get(r.type) ?? { type: r.type, count: 0, mine: false, who: [] }
    entry.count++
    if (r.isFromMe) {
      if (!entry.mine) entry.who.unshift('You')
      entry.mine = true
    } else entry.who.push(handleName(r.from))
    byType.set(r.type, entry)
  }
  // A fixed order, so chips do not swap places as reactions arrive.
  return REACTION_TYPES.flatMap((type) => byType.get(type) ?? [])
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export function reactionTitle(summary: ReactionSummary): string {
  return `${REACTION_LABEL[summary.type]} (${summary.count}): ${joinNames(summary.who)}`
}

/**
 * The accessible name: "Love (1): Ann", or with a visible count "Love, 2: You and Ann" (the name must contain
 * the visible "2" for voice control, and label-in-name checks ignore text in parentheses).
 */
export function reactionLabel(summary: ReactionSummary): string {
  const label = REACTION_LABEL[summary.type]
  const who = joinNames(summary.who)
  return summary.count > 1 ? `${label}, ${summary.count}: ${who}` : `${label} (1): ${who}`
}

/** Reactions on a bubble. `interactive` is false for messages Linq has not accepted yet. */
export const Reactions = memo(function Reactions({
  chatId,
  messageId,
  reactions,
  interactive,
}: {
  chatId: string
  messageId: string
  reactions: Reaction[]
  interactive: boolean
}) {
  const summary = summarizeReactions(reactions)
  if (summary.length === 0) return null
  return (
    <ul className="reactions" aria-label="Reactions">
      {summary.map((s) => {
        const Icon = REACTION_ICON[s.type]
        const title = reactionTitle(s)
        const label = reactionLabel(s)
        const body = (
          <>
            <Icon className={`reaction__icon reaction__icon--${s.type}`} />
            {s.count > 1 && <span className="reaction__count">{s.count}</span>}
          </>
        )
        return (
          <li key={s.type} className={`reaction${s.mine ? ' reaction--mine' : ''}`} data-reaction={s.type}>
            {interactive ? (
              <button
                type="button"
                className="reaction__button"
                title={title}
                aria-label={label}
                aria-pressed={s.mine}
                onClick={() => void toggleReaction(chatId, messageId, s.type)}
              >
                {body}
              </button>
            ) : (
              <span className="reaction__button" title={title} role="img" aria-label={label}>
                {body}
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
})
