import express from "express";
import cors from "cors";
import { itemsRouter } from "./routes/items";

const port = Number(process.env.PORT ?? 4000);
const app = express();

app.use(
  cors({
    origin: "http://localhost:5173",
    allowedHeaders: ["Content-Type"],
  }),
);
app.use(express.json());
app.use("/api", itemsRouter);

app.listen(port, "127.0.0.1", () => {
  console.log(`items API listening on http://127.0.0.1:${port}`);
});
