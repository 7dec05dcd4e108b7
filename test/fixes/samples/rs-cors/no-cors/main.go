package main

import "net/http"

func main() {
	mux := newMux()
	http.ListenAndServe(address(), mux)
}
