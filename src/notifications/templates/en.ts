import type { TemplateSet, Terms } from './template';

export const enTerms: Terms = {
  midterm: 'midterm',
  final: 'final',
  invitation_letter: 'Invitation letter from the host',
  visa: 'Visa',
  insurance: 'Travel and health insurance',
  travel_booked: 'Travel booked',
  emergency_contact: 'Emergency contact recorded',
  host_readiness: 'Host ready: desk, computer, contact person',
  temporary_activity_filing: 'Temporary-activity filing by the Chinese partner unit',
};

export const en: TemplateSet = {
  invitation: {
    title: 'You are invited to the twinning programme',
    body: 'Hello {{name}},\n\nyou have been invited to join the twinning programme as {{role}}.\nSet your password here: {{link}}\n\nThe link is valid until {{expiresOn}}.',
  },
  matching_run_finished: {
    title: 'Matching run finished: {{placed}} placed',
    body: 'The {{algorithm}} matching run for {{cohort}} has finished: {{placed}} of {{participants}} applicants placed, {{unmatched}} left unmatched.',
  },
  placement_proposed: {
    title: 'Placement proposed: {{participant}} at {{host}}',
    body: 'A placement has been proposed for {{participant}} at {{host}}, from {{startsOn}} to {{endsOn}}.\nThe participant can accept or decline it on the platform.',
  },
  placement_accepted: {
    title: 'Placement accepted: {{participant}} at {{host}}',
    body: '{{participant}} has accepted the placement at {{host}} ({{startsOn}} to {{endsOn}}). A coordinator will confirm it.',
  },
  placement_declined: {
    title: 'Placement declined: {{participant}} at {{host}}',
    body: '{{participant}} has declined the placement at {{host}} ({{startsOn}} to {{endsOn}}).',
  },
  placement_confirmed: {
    title: 'Placement confirmed: {{participant}} at {{host}}',
    body: 'The placement of {{participant}} at {{host}} from {{startsOn}} to {{endsOn}} is confirmed.\nThe pre-departure checklist is now open.',
  },
  placement_cancelled: {
    title: 'Placement cancelled: {{participant}} at {{host}}',
    body: 'The placement of {{participant}} at {{host}} ({{startsOn}} to {{endsOn}}) has been cancelled.\nReason: {{reason}}',
  },
  departure_reminder: {
    title: 'Your placement at {{host}} starts on {{startsOn}}',
    body: 'Your placement at {{host}} starts in 7 days, on {{startsOn}}. Please check that your pre-departure checklist is complete.',
  },
  log_reminder: {
    title: 'Please log your exchange activities',
    body: 'No activity has been logged for your placement at {{host}} in the last 7 days. Please add your exchange log.',
  },
  report_due: {
    title: 'Your {{kind}} report is due on {{dueOn}}',
    body: 'Your {{kind}} report on the placement at {{host}} is due in 3 days, on {{dueOn}}.',
  },
  report_overdue: {
    title: 'Your {{kind}} report is overdue',
    body: 'Your {{kind}} report on the placement at {{host}} was due on {{dueOn}}. Please submit it as soon as you can.',
  },
  milestone_due: {
    title: 'Milestone due on {{dueOn}}: {{milestone}}',
    body: 'The milestone "{{milestone}}" of the joint project "{{project}}" is due in 7 days, on {{dueOn}}.',
  },
  checklist_due: {
    title: 'Checklist item due on {{dueOn}}: {{item}}',
    body: 'The pre-departure item "{{item}}" for the placement at {{host}} is due in 3 days, on {{dueOn}}.',
  },
  checklist_overdue: {
    title: 'Checklist item overdue: {{item}}',
    body: 'The pre-departure item "{{item}}" for the placement at {{host}} was due on {{dueOn}} and is still open.',
  },
};
