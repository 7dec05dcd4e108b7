// The login page sets a `sid` cookie; a real app would look it up in a session store.
export function currentUser (cookieHeader = '') {
  const sid = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('sid='))
    ?.slice('sid='.length)
  return sid === 'demo-session' ? { name: 'Ada' } : null
}

export function requireSession (req, res, next) {
  const user = currentUser(req.headers.cookie)
  if (!user) return res.status(401).json({ error: 'sign in first' })
  req.user = user
  next()
}
