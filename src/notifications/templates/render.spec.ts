import { NOTIFICATION_TYPES } from '../notification-types';
import { en } from './en';
import { render } from './render';
import { zh } from './zh';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe('notification templates', () => {
  it('have every type in English and Chinese, with the same placeholders in both', () => {
    for (const type of NOTIFICATION_TYPES) {
      expect(en[type]).toBeDefined();
      expect(zh[type]).toBeDefined();
      expect(placeholders(zh[type].title + zh[type].body)).toEqual(placeholders(en[type].title + en[type].body));
    }
  });

  it('fill in the values in the recipient’s language', () => {
    const params = { participant: '王芳', host: 'Berlin Water Network', startsOn: '2027-08-02', endsOn: '2027-09-12' };
    expect(render('placement_confirmed', 'en', params).title).toBe('Placement confirmed: 王芳 at Berlin Water Network');
    expect(render('placement_confirmed', 'zh', params).title).toBe('交流安排已确认：王芳前往Berlin Water Network');
  });

  it('say report kinds and checklist items in the recipient’s language', () => {
    expect(render('report_due', 'zh', { kind: 'midterm', host: 'H', dueOn: '2027-08-22' }).title).toBe(
      '您的中期报告将于2027-08-22截止',
    );
    expect(render('checklist_overdue', 'en', { item: 'visa', host: 'H', dueOn: 'x' }).title).toBe(
      'Checklist item overdue: Visa',
    );
    expect(render('checklist_overdue', 'zh', { item: 'visa', host: 'H', dueOn: 'x' }).title).toBe(
      '行前清单事项已逾期：签证',
    );
  });

  it('leave a missing value visible rather than silently empty', () => {
    expect(render('report_due', 'en', { kind: 'final', host: 'H' }).title).toBe(
      'Your final report is due on {{dueOn}}',
    );
  });
});
