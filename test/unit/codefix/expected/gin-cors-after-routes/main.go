package main

import (
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.Use(cors.New(cors.Config{AllowOrigins: []string{"http://localhost:3000"}}))
	r.GET("/api/items", func(c *gin.Context) { c.JSON(200, []string{}) })
	r.Run()
}
