import type { ButtonHTMLAttributes, ReactNode } from 'react'

export interface IconButtonProps extends Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'aria-label' | 'children'
> {
  /** The accessible name and the tooltip: icon-only buttons must say what they do. */
  label: string
  icon: ReactNode
}

export function IconButton({ label, icon, className, type, title, ...rest }: IconButtonProps) {
  return (
    <button
      type={type ?? 'button'}
      className={`icon-button${className ? ` ${className}` : ''}`}
      aria-label={label}
      title={title ?? label}
      {...rest}
    >
      {icon}
    </button>
  )
}
