<?php
// Router script of `php -S`: every request comes here.
require __DIR__ . '/api.php';

handle_api();
