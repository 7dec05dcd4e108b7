import { Controller, Get, Headers } from '@nestjs/common';
import { currentUser } from './session';

@Controller('api')
export class MeController {
  @Get('me')
  me(@Headers('cookie') cookie?: string) {
    return { user: currentUser(cookie) };
  }
}
