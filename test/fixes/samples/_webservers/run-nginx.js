// Runs a sample's nginx.conf for real: the items API behind it on a free port, and
// Debian's nginx in the foreground (`daemon off`) with its own prefix in a temp dir,
// as nobody when started as root. The workspace's nginx.conf is the developer's file
// (`listen 8080`, `proxy_pass http://127.0.0.1:3001`) and is never touched: a copy in
// the prefix gets the harness's ports and the paths an unprivileged nginx may write.
// Usage: node run-nginx.js <workspace>   (PORT: where nginx listens)
'use strict';
const { main } = require('./serve-behind-app');

main({
  name: 'nginx',
  configFile: 'nginx.conf',
  render: (text, { port, upstream, dir }) => {
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
    return text
      .split('listen 8080').join(`listen 127.0.0.1:${port}`)
      .split('127.0.0.1:3001').join(`127.0.0.1:${upstream}`)
      .replace(/^http \{/m, `http {\n    access_log off; ${temp}`);
  },
  command: (dir, conf) => ['/usr/sbin/nginx', ['-p', dir, '-c', conf, '-e', 'stderr', '-g', `daemon off; pid ${dir}/nginx.pid;`]],
});
