// Runs a sample's httpd.conf for real: the items API behind it on a free port, and
// Debian's apache2 in the foreground (-DFOREGROUND) with its runtime files in a temp
// dir, as nobody when started as root. The workspace's httpd.conf is the developer's
// file (`Listen 8080`, `ProxyPass … http://127.0.0.1:3001/…`) and is never touched: a
// copy in the temp dir gets the harness's ports.
// Usage: node run-apache.js <workspace>   (PORT: where Apache listens)
'use strict';
const { main } = require('./serve-behind-app');

main({
  name: 'apache',
  configFile: 'httpd.conf',
  render: (text, { port, upstream }) => text
    .split('Listen 8080').join(`Listen 127.0.0.1:${port}`)
    .split(':8080>').join(`:${port}>`)
    .split('127.0.0.1:3001').join(`127.0.0.1:${upstream}`),
  // The error log goes through a pipe to this process's stderr (nobody may not open /dev/stderr).
  command: (dir, conf) => [
    '/usr/sbin/apache2',
    ['-DFOREGROUND', '-d', dir, '-f', conf, '-C', `PidFile ${dir}/httpd.pid`, '-C', `DefaultRuntimeDir ${dir}`, '-C', `Mutex file:${dir}`, '-C', 'ErrorLog "|/bin/cat"'],
    { APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir },
  ],
});
