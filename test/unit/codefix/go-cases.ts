// Quick-fix cases for the Go servers (net/http, rs/cors, Gin, chi): the server's files and
// the flows the browser recorded. Expected files live in expected/<case>/, reviewed by
// hand; go-cases.test.ts checks them with the real tree-sitter-go grammar and gofmt.
import type { HeaderList } from '../../../src/core/http/types';
import * as F from '../cors/flows';
import type { FixCase } from './cases';
import { credentialedGetNoCors, jsonPutPreflight404, OTHER } from './cases';

const res = (status: number, headers: HeaderList = []) => F.response(status, headers);
const GO_MOD_GIN = 'module example.com/api\n\ngo 1.19\n\nrequire github.com/gin-gonic/gin v1.8.1\n';

export const GO_CASES: FixCase[] = [
  {
    name: 'gin-no-cors-adds-gin-contrib-cors',
    framework: 'gin',
    title: 'Allow origin http://localhost:3000, method PUT and header content-type with credentials',
    reason: 'github.com/gin-contrib/cors v1.4.0 added to go.mod',
    files: {
      'go.mod': GO_MOD_GIN,
      'main.go': `package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.Default()
	r.GET("/api/items", func(c *gin.Context) { c.JSON(200, []string{}) })
	r.PUT("/api/items", func(c *gin.Context) { c.JSON(200, gin.H{}) })
	r.Run()
}
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'gin-allow-all-origins-with-credentials',
    framework: 'gin',
    title: 'Allow origin http://localhost:3000',
    files: {
      'go.mod': `module example.com/api

go 1.19

require (
	github.com/gin-contrib/cors v1.4.0
	github.com/gin-gonic/gin v1.8.1
)
`,
      'main.go': `package main

import (
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	r.Use(cors.New(cors.Config{
		AllowAllOrigins:  true,
		AllowMethods:     []string{"GET", "PUT"},
		AllowHeaders:     []string{"Content-Type"},
		AllowCredentials: true,
	}))
	r.Run()
}
`,
    },
    flows: [F.simpleFlow(F.request('GET', [['Cookie', 'sid=1']]), res(200, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']]))],
  },
  {
    name: 'gin-cors-after-routes',
    framework: 'gin',
    title: 'Run CORS before the routes',
    reason: 'Register CORS before r.GET',
    files: {
      'go.mod': GO_MOD_GIN,
      'main.go': `package main

import (
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.GET("/api/items", func(c *gin.Context) { c.JSON(200, []string{}) })
	r.Use(cors.New(cors.Config{AllowOrigins: []string{"http://localhost:3000"}}))
	r.Run()
}
`,
    },
    flows: [F.simpleFlow(F.request('GET'), res(200))],
  },
  {
    name: 'chi-extend-package-level-origins',
    framework: 'chi',
    title: 'Allow origin http://localhost:3000, method DELETE and header x-request-id',
    files: {
      'go.mod': 'module example.com/api\n\ngo 1.19\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.7\n\tgithub.com/go-chi/cors v1.2.1\n)\n',
      'main.go': `package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

var allowedOrigins = []string{
	"http://localhost:5173",
}

func main() {
	r := chi.NewRouter()
	r.Use(cors.Handler(cors.Options{
		AllowedOrigins:   allowedOrigins,
		AllowedMethods:   []string{"GET", "POST", "PUT"},
		AllowCredentials: true,
		MaxAge:           300,
	}))
	http.ListenAndServe(":4000", r)
}
`,
    },
    flows: [F.preflightedFlow('DELETE', ['x-request-id'], res(200, [['Access-Control-Allow-Origin', OTHER], ['Access-Control-Allow-Credentials', 'true']]))],
  },
  {
    name: 'chi-cors-after-session-check',
    framework: 'chi',
    title: 'Run CORS before the routes',
    files: {
      'main.go': `package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

func main() {
	r := chi.NewRouter()
	r.Use(requireSession)
	r.Use(cors.Handler(cors.Options{AllowedOrigins: []string{"http://localhost:3000"}, AllowedMethods: []string{"PUT"}, AllowedHeaders: []string{"Content-Type"}, AllowCredentials: true}))
	http.ListenAndServe(":4000", r)
}
`,
    },
    flows: [F.preflightedFlow('PUT', ['content-type'], res(401))],
  },
  {
    name: 'rs-cors-no-cors-default-serve-mux',
    framework: 'go-rs-cors',
    title: 'Allow origin http://localhost:3000, method PUT and header content-type with credentials',
    files: {
      'go.mod': 'module example.com/api\n\ngo 1.19\n\nrequire github.com/rs/cors v1.7.0\n',
      'main.go': `package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/api/items", items)
	log.Fatal(http.ListenAndServe(":4000", nil))
}
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'rs-cors-inline-inside-session-check',
    framework: 'go-rs-cors',
    title: 'Allow origin http://localhost:3000',
    reason: 'outside requireSession',
    files: {
      'main.go': `package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	mux := http.NewServeMux()
	handler := requireSession(cors.New(cors.Options{
		AllowedOrigins:   []string{"http://localhost:5173"},
		AllowedMethods:   []string{"GET", "PUT"},
		AllowCredentials: true,
	}).Handler(mux))
	http.ListenAndServe(":4000", handler)
}
`,
    },
    flows: [F.preflightedFlow('PUT', ['content-type'], res(401))],
  },
  {
    name: 'net-http-no-cors-writes-middleware',
    framework: 'go-net-http',
    title: 'Allow origin http://localhost:3000, method PUT and header content-type with credentials',
    reason: 'no new module',
    files: {
      'main.go': `package main

import (
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/items", items)
	srv := &http.Server{Addr: ":4000", Handler: mux}
	srv.ListenAndServe()
}
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'net-http-wildcard-with-credentials-becomes-allow-list',
    framework: 'go-net-http',
    title: 'Allow origin http://localhost:3000',
    files: {
      'main.go': `package main

import "net/http"

// cors lets any page call the API.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		next.ServeHTTP(w, req)
	})
}

func main() {
	http.ListenAndServe(":4000", cors(http.DefaultServeMux))
}
`,
    },
    flows: [F.simpleFlow(F.request('GET', [['Cookie', 'sid=1']]), res(200, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']]))],
  },
  {
    name: 'net-http-extend-origin-map',
    framework: 'go-net-http',
    title: 'Allow origin http://localhost:3000, method DELETE and header x-request-id',
    files: {
      'main.go': `package main

import "net/http"

var allowed = map[string]bool{
	"https://app.example.com": true,
	"http://localhost:5173":   true,
}

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); allowed[o] {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Methods", "GET,PUT")
		}
		w.Header().Add("Vary", "Origin")
		next.ServeHTTP(w, r)
	})
}

func main() {
	http.ListenAndServe(":4000", withCORS(http.NewServeMux()))
}
`,
    },
    flows: [F.preflightedFlow('DELETE', ['x-request-id'], res(200, [['Access-Control-Allow-Origin', OTHER]]))],
  },
];
