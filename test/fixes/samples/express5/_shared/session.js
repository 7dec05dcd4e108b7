// The login page sets a `sid` cookie; a real app would look it up in a session store.
function currentUser(cookieHeader = '') {
  const sid = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('sid='))
    ?.slice('sid='.length);
  return sid === 'demo-session' ? { name: 'Ada' } : null;
}

function requireSession(req, res, next) {
  const user = currentUser(req.headers.cookie);
  if (!user) {
    res.status(401).json({ error: 'sign in first' });
    return;
  }
  req.user = user;
  next();
}

module.exports = { currentUser, requireSession };
