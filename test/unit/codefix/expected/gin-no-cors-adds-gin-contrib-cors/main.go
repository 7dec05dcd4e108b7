package main

import (
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.Use(cors.New(cors.Config{
		AllowOrigins:     []string{"http://localhost:3000"},
		AllowMethods:     []string{"GET", "POST", "HEAD", "PUT"},
		AllowHeaders:     []string{"Content-Type"},
		AllowCredentials: true,
		MaxAge:           10 * time.Minute,
	}))
	r.GET("/api/items", func(c *gin.Context) { c.JSON(200, []string{}) })
	r.PUT("/api/items", func(c *gin.Context) { c.JSON(200, gin.H{}) })
	r.Run()
}
