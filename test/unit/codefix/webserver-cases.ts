// Quick-fix cases for nginx and Apache httpd configurations: the files and the flows
// the browser recorded. Expected files live in expected/<case>/, reviewed by hand.
import type { HeaderList } from '../../../src/core/http/types';
import * as F from '../cors/flows';
import type { FixCase } from './cases';
import { credentialedGetNoCors, jsonPutPreflight404, OTHER } from './cases';

const res = (status: number, headers: HeaderList = []) => F.response(status, headers);
const get = () => F.simpleFlow(F.request('GET'), res(200));
const getAnswered = (headers: HeaderList) => F.simpleFlow(F.request('GET'), res(200, headers));

const NGINX_HEAD = `events {}

http {
`;

export const WEBSERVER_CASES: FixCase[] = [
  {
    name: 'nginx-no-cors-credentials',
    framework: 'nginx',
    title: 'Allow origin http://localhost:3000, method PUT and header content-type with credentials',
    reason: 'answer preflights with 204 in location /api/',
    files: {
      'deploy/nginx.conf': `${NGINX_HEAD}    server {
        listen 80;

        location / {
            root /srv/www;
        }

        location /api/ {
            proxy_pass http://app:4000;
        }
    }
}
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'nginx-server-headers-not-inherited',
    framework: 'nginx',
    title: 'Allow origin http://localhost:3000',
    reason: 'do not reach this location',
    files: {
      'nginx.conf': `${NGINX_HEAD}    server {
        listen 80;
        add_header Access-Control-Allow-Origin ${OTHER} always;
        add_header Vary Origin always;

        location /api/ {
            # Its own add_header: the server's lines above no longer apply here.
            add_header X-Frame-Options DENY;
            proxy_pass http://app:4000;
        }
    }
}
`,
    },
    flows: [get()],
  },
  {
    name: 'nginx-existing-map-amended',
    framework: 'nginx',
    title: 'Allow origin http://localhost:3000',
    reason: 'add http://localhost:3000 to map $http_origin $allowed_origin',
    files: {
      'nginx.conf': `${NGINX_HEAD}\tmap $http_origin $allowed_origin {
\t\tdefault "";
\t\t"${OTHER}" $http_origin; # the dev front end
\t}

\tserver {
\t\tlisten 80;
\t\tlocation /api/ {
\t\t\tadd_header Access-Control-Allow-Origin $allowed_origin always;
\t\t\tadd_header Vary Origin always;
\t\t\tif ($request_method = OPTIONS) { return 204; }
\t\t\tproxy_pass http://app:4000;
\t\t}
\t}
}
`,
    },
    flows: [get()],
  },
  {
    name: 'nginx-site-file-two-origins',
    framework: 'nginx',
    title: 'Allow origin http://localhost:3000',
    reason: 'add a map $http_origin $cors_origin allow-list before the server block',
    files: {
      // A site file: included inside http { }, so the map goes right before its server block.
      'sites-available/api': `# api.example.test
server {
  listen 80;
  server_name api.example.test;

  location /api/ {
    add_header Access-Control-Allow-Origin ${OTHER};
    proxy_pass http://127.0.0.1:4000;
  }
}
`,
    },
    flows: [getAnswered([['Access-Control-Allow-Origin', OTHER]])],
  },
  {
    name: 'nginx-api-answered-by-nginx',
    framework: 'nginx',
    title: 'Allow origin http://localhost:3000, method PUT and header content-type',
    reason: 'before return (nginx.conf:8)',
    files: {
      'nginx.conf': `${NGINX_HEAD}    server {
        listen 80;
        default_type application/json;
        location = /api/items {
            return 200 '{"items":[]}';
        }
    }
}
`,
    },
    flows: [jsonPutPreflight404()],
  },
  {
    name: 'apache-htaccess-no-cors',
    framework: 'apache',
    title: 'Allow origin http://localhost:3000, method PUT and header content-type',
    reason: 'before the first RewriteRule',
    files: {
      'public/.htaccess': `RewriteEngine On

# Everything that is not a file goes to the front controller.
RewriteCond %{REQUEST_FILENAME} !-f
RewriteRule ^ index.php [L,QSA]
`,
    },
    flows: [jsonPutPreflight404()],
  },
  {
    name: 'apache-setenvif-amended',
    framework: 'apache',
    title: 'Allow origin http://localhost:3000',
    reason: 'add http://localhost:3000 to the SetEnvIf Origin allow-list',
    files: {
      'apache/api.conf': `<VirtualHost *:80>
\tServerName api.example.test
\tSetEnvIf Origin "^http://localhost:5173$" ALLOWED_ORIGIN=$0
\tHeader always set Access-Control-Allow-Origin "%{ALLOWED_ORIGIN}e" env=ALLOWED_ORIGIN
\tHeader always merge Vary Origin
\tProxyPass "/api/" "http://127.0.0.1:4000/api/"
</VirtualHost>
`,
    },
    flows: [get()],
  },
  {
    name: 'apache-two-origins-escaped',
    framework: 'apache',
    title: 'Allow origin http://localhost:3000',
    reason: 'add a SetEnvIf Origin allow-list of 2 origins',
    files: {
      'httpd.conf': `Listen 80
LoadModule headers_module modules/mod_headers.so

<VirtualHost *:80>
    Header set Access-Control-Allow-Origin "http://app.example.test"
    ProxyPass "/api/" "http://127.0.0.1:4000/api/"
</VirtualHost>
`,
    },
    flows: [getAnswered([['Access-Control-Allow-Origin', 'http://app.example.test']])],
  },
  {
    name: 'apache-session-rule-before-preflight',
    framework: 'apache',
    title: 'Allow method PUT',
    reason: 'before the rule at httpd.conf:9',
    files: {
      'httpd.conf': `<VirtualHost *:80>
    Header set Access-Control-Allow-Origin "http://localhost:3000"
    Header set Access-Control-Allow-Credentials "true"
    Header set Access-Control-Allow-Headers "Content-Type"
    Header always merge Vary Origin

    RewriteEngine On
    RewriteCond %{HTTP_COOKIE} !sid=
    RewriteRule ^/api/ - [R=401,L]
    RewriteCond %{REQUEST_METHOD} OPTIONS
    RewriteRule ^ - [R=204,L]
    ProxyPass "/api/" "http://127.0.0.1:4000/api/"
</VirtualHost>
`,
    },
    flows: [F.preflightedFlow('PUT', ['content-type'], res(401, [['Access-Control-Allow-Origin', F.PAGE], ['Access-Control-Allow-Credentials', 'true']]))],
  },
];

/** Configurations the fix must refuse to edit, and a word of why. */
export const WEBSERVER_UNFIXABLE: Array<{ name: string; files: Record<string, string>; reason: string }> = [
  {
    name: 'nginx map with a regex entry',
    reason: 'uses patterns',
    files: {
      'nginx.conf': `${NGINX_HEAD}    map $http_origin $cors {
        default "";
        "~^https://.*\\.example\\.com$" $http_origin;
    }
    server {
        listen 80;
        location /api/ {
            add_header Access-Control-Allow-Origin $cors always;
            proxy_pass http://app:4000;
        }
    }
}
`,
    },
  },
  {
    name: 'Apache SetEnvIf with an unanchored pattern',
    reason: 'cannot read',
    files: {
      'httpd.conf': `<VirtualHost *:80>
    SetEnvIf Origin "example\\.com" OK_ORIGIN=$0
    Header always set Access-Control-Allow-Origin "%{OK_ORIGIN}e" env=OK_ORIGIN
</VirtualHost>
`,
    },
  },
];
