import { createMiddleware } from 'hono/factory'

export type User = { name: string }

/** The login page sets a `sid` cookie; a real app would look it up in a session store. */
export function currentUser(cookieHeader = ''): User | null {
  const sid = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('sid='))
    ?.slice('sid='.length)
  return sid === 'demo-session' ? { name: 'Ada' } : null
}

export const requireSession = createMiddleware<{ Variables: { user: User } }>(async (c, next) => {
  const user = currentUser(c.req.header('Cookie'))
  if (!user) return c.json({ error: 'sign in first' }, 401)
  c.set('user', user)
  await next()
})
