package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.Default()
	registerItems(r.Group("/api"))
	r.Run(address())
}
