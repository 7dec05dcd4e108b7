const { Router } = require('express');
const cors = require('cors');

const router = Router();
router.use(cors({ origin: ['http://localhost:3000', 'http://localhost:5173'] }));
router.get('/', (req, res) => res.json([]));

module.exports = router;
