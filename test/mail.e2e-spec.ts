import { Test } from '@nestjs/testing';
import { SmtpListener } from './support/smtp-listener';

describe('Mail over SMTP', () => {
  const smtp = new SmtpListener();

  afterAll(() => smtp.stop());

  it('delivers a message, Chinese text intact, to a real SMTP server', async () => {
    process.env.SMTP_URL = await smtp.start();
    // Loaded after SMTP_URL is set, since configuration is read when its module loads.
    const { AppConfigModule } = await import('../src/config/config.module');
    const { MailModule } = await import('../src/mail/mail.module');
    const { MailService } = await import('../src/mail/mail.service');
    const moduleRef = await Test.createTestingModule({ imports: [AppConfigModule, MailModule] }).compile();
    const mail = moduleRef.get(MailService);
    await mail.send({ to: 'wang.fang@example.cn', subject: '您的交流安排', text: '欢迎参加结对交流项目。' });
    const received = await smtp.waitFor((message) => message.subject === '您的交流安排');
    expect(received.text?.trim()).toBe('欢迎参加结对交流项目。');
    expect(received.from?.text).toContain('no-reply@twinning.localhost');
    await moduleRef.close();
  });
});
