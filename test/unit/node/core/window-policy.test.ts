// The Electron window's security decisions, as plain functions: the page never leaves the app, never opens
// a window, and only https:/mailto: links reach the system browser.
import { describe, expect, it } from 'vitest'
import {
  appUrlMatcher,
  isPermissionAllowed,
  mayNavigate,
  windowOpenDecision,
} from '../../../../src/main/services/window-policy'

const rendererUrl = 'file:///opt/Linq/resources/app/out/renderer/index.html'
const isAppUrl = appUrlMatcher(rendererUrl)

describe('window policy', () => {
  it('navigation stays on the app’s own page', () => {
    for (const url of [rendererUrl, `${rendererUrl}#/chat/1`, `${rendererUrl}?reload=1`])
      expect(mayNavigate(url, isAppUrl), url).toBe(true)
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'file:///opt/Linq/resources/app/out/renderer/other.html',
      `${rendererUrl}.evil.html`,
      `${rendererUrl}/../../../../etc/passwd`,
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'linq-media://media/attachment/1',
      'about:blank',
      '',
    ])
      expect(mayNavigate(url, isAppUrl), url).toBe(false)
  })

  it('a new window is always denied; only https and mailto links go to the browser', () => {
    expect(windowOpenDecision('https://example.com/page')).toEqual({
      action: 'deny',
      openInBrowser: 'https://example.com/page',
    })
    expect(windowOpenDecision('mailto:ann@example.com')).toEqual({
      action: 'deny',
      openInBrowser: 'mailto:ann@example.com',
    })
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'http://example.com/',
      'https://user:pass@example.com/',
      'data:text/html,hi',
      'smb://server/share',
      'vbscript:msgbox',
      rendererUrl,
      'not a url',
    ])
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny', openInBrowser: null })
  })

  it('grants notifications and nothing else', () => {
    expect(isPermissionAllowed('notifications')).toBe(true)
    for (const permission of [
      'media',
      'geolocation',
      'openExternal',
      'clipboard-read',
      'fullscreen',
      'hid',
      'usb',
    ])
      expect(isPermissionAllowed(permission), permission).toBe(false)
  })
})
