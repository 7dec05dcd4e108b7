import express from 'express'
import cors from 'cors'
import { itemsRouter } from './routes/items.mjs'

const PORT = process.env.PORT ?? 4000
const app = express()

app.use(express.json())
app.use(cors({ origin: 'http://localhost:3000' }))
app.use('/api', itemsRouter)

app.listen(PORT, '127.0.0.1', () => {
  console.log(`items API listening on port ${PORT}`)
})
