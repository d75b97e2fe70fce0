import { addDays } from '../common/time';

/** The pre-departure checklist (§5): items generated per placement, each due a fixed number of days before its start. */

export interface ChecklistItemTemplate {
  key: string;
  title: string;
  required: boolean;
  /** YYYY-MM-DD */
  dueOn: string;
}

export interface ChecklistPlacement {
  startsOn: string;
  travellerSide: string;
  hostSide: string;
  /** ISO 3166-1 alpha-2 */
  hostCountry: string;
}

/**
 * Days before the placement's start each item falls due. The invitation letter comes first because the visa
 * application needs it; visa and travel are due three weeks ahead, the Chinese partner unit's filing 15 days ahead.
 */
export const CHECKLIST_DAYS_BEFORE_START = {
  invitation_letter: 45,
  visa: 21,
  insurance: 14,
  travel_booked: 21,
  emergency_contact: 7,
  host_readiness: 7,
  temporary_activity_filing: 15,
} as const;

const always = () => true;

/** The items in the order they are shown, with when each applies. */
const ITEMS: {
  key: keyof typeof CHECKLIST_DAYS_BEFORE_START;
  title: string;
  appliesTo: (placement: ChecklistPlacement) => boolean;
}[] = [
  { key: 'invitation_letter', title: 'Invitation letter from the host', appliesTo: always },
  // Every placement crosses sides in this programme; the rule stays explicit for cohorts where one might not.
  { key: 'visa', title: 'Visa', appliesTo: (placement) => placement.travellerSide !== placement.hostSide },
  { key: 'insurance', title: 'Travel and health insurance', appliesTo: always },
  { key: 'travel_booked', title: 'Travel booked', appliesTo: always },
  { key: 'emergency_contact', title: 'Emergency contact recorded', appliesTo: always },
  { key: 'host_readiness', title: 'Host ready: desk, computer, contact person', appliesTo: always },
  {
    key: 'temporary_activity_filing',
    title: 'Temporary-activity filing by the Chinese partner unit',
    appliesTo: (placement) => placement.hostCountry.toUpperCase() === 'CN',
  },
];

/** The checklist of one placement, all items required, in a stable order. */
export function checklistFor(placement: ChecklistPlacement): ChecklistItemTemplate[] {
  return ITEMS.filter((item) => item.appliesTo(placement)).map((item) => ({
    key: item.key,
    title: item.title,
    required: true,
    dueOn: addDays(placement.startsOn, -CHECKLIST_DAYS_BEFORE_START[item.key]),
  }));
}
