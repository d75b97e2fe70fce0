import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ApplicationStatus } from '../applications/application-status';
import { ApplicationsService } from '../applications/applications.service';
import { Cohort } from '../cohorts/cohort.entity';
import { COHORT_STATUSES, CohortStatus } from '../cohorts/cohort-status';
import { CohortsService } from '../cohorts/cohorts.service';
import { LanguageSkill } from '../common/vocabulary';
import { MatchingRunsService } from '../matching/matching-runs.service';
import { DemoExchanges } from './demo-exchanges';
import { Organisation } from '../organisations/organisation.entity';
import { ReviewsService } from '../reviews/reviews.service';
import { ConsentRecord } from '../staff/consent-record.entity';
import { Gender } from '../common/vocabulary';
import { StaffMember } from '../staff/staff-member.entity';
import {
  CN_FAMILY_NAMES,
  CN_GIVEN_NAMES,
  DEMO_FUNDERS,
  DEMO_ORGANISATIONS,
  DemoOrganisation,
  EU_FAMILY_NAMES,
  EU_GIVEN_NAMES,
  EXCHANGE_TOPICS,
  JOB_TITLES,
  MOTIVATIONS,
  WORK_PLANS,
} from './demo-catalogue';

const STAFF_COUNT = 150;

/** A small seeded generator, so every demo has the same people and the same story. */
function seededRandom(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick };
}

interface DemoCohort {
  name: string;
  status: CohortStatus;
  applicationOpensOn: string;
  applicationClosesOn: string;
  /** How the cohort's applications end up, in order; the rest stay submitted. */
  outcomes: ApplicationStatus[];
  funded: boolean;
}

/** One cohort in each status, as a programme would have them at the end of November 2026. */
const COHORTS: DemoCohort[] = [
  {
    name: 'EU-China NGO Twinning 2025',
    status: 'closed',
    applicationOpensOn: '2025-01-10',
    applicationClosesOn: '2025-03-31',
    outcomes: ['accepted', 'accepted', 'rejected', 'accepted', 'withdrawn'],
    funded: true,
  },
  {
    name: 'EU-China NGO Twinning 2026',
    status: 'active',
    applicationOpensOn: '2026-01-12',
    applicationClosesOn: '2026-03-31',
    outcomes: ['accepted', 'accepted', 'rejected', 'accepted'],
    funded: true,
  },
  {
    name: 'EU-China NGO Twinning 2027',
    status: 'matching',
    applicationOpensOn: '2026-06-01',
    applicationClosesOn: '2026-10-31',
    outcomes: ['accepted', 'accepted', 'rejected', 'submitted', 'withdrawn'],
    funded: true,
  },
  {
    name: 'Climate Action Twinning 2027',
    status: 'open',
    applicationOpensOn: '2026-11-02',
    applicationClosesOn: '2027-02-26',
    outcomes: ['submitted', 'submitted', 'withdrawn'],
    funded: false,
  },
  {
    name: 'EU-China NGO Twinning 2028',
    status: 'draft',
    applicationOpensOn: '2027-06-01',
    applicationClosesOn: '2027-10-29',
    outcomes: [],
    funded: false,
  },
];

const NATIONAL_LANGUAGE: Record<string, string> = {
  DE: 'de',
  AT: 'de',
  FR: 'fr',
  BE: 'fr',
  IT: 'it',
  ES: 'es',
  NL: 'nl',
  PL: 'pl',
  SE: 'sv',
};

/**
 * The programme part of the demo: organisations on both sides, staff, a cohort in each status with applications
 * in every state, reviews and consents, and for the cohort in matching a finished run applied as placements. Made through the services that own the rules, so the demo obeys them too.
 * Runs once: a database that already has the demo organisations is left as it is.
 */
@Injectable()
export class DemoProgramme {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cohorts: CohortsService,
    private readonly applications: ApplicationsService,
    private readonly reviews: ReviewsService,
    private readonly matching: MatchingRunsService,
    private readonly exchanges: DemoExchanges,
  ) {}

  async run(accounts: { coordinatorId: string; reviewerId: string; participantId: string; funderId: string }) {
    const organisationRepository = this.dataSource.getRepository(Organisation);
    if (await organisationRepository.existsBy({ name: DEMO_ORGANISATIONS[0].name })) return;
    const random = seededRandom(2013);
    const coordinator = { id: accounts.coordinatorId, role: 'coordinator' as const };

    const organisations = await this.insertOrganisations(DEMO_ORGANISATIONS);
    const [funder] = await this.insertOrganisations(DEMO_FUNDERS);
    await this.dataSource.query(`UPDATE users SET organisation_id = $2 WHERE id = $1`, [accounts.funderId, funder.id]);

    const staff = await this.insertStaff(organisations, random);
    // The demo participant is one of the Chinese staff.
    const participantStaff = staff.find((member) => member.organisation!.region === 'CN')!;
    await this.dataSource.query(`UPDATE staff SET user_id = $2, full_name = '王芳' WHERE id = $1`, [
      participantStaff.id,
      accounts.participantId,
    ]);
    await this.insertConsents(staff, random, accounts.coordinatorId);

    const hosts = organisations.filter((organisation) => organisation.hostingCapacity > 0);
    let nextApplicant = 0;
    for (const plan of COHORTS) {
      const year = Number(plan.applicationClosesOn.slice(0, 4)) + (plan.applicationClosesOn.slice(5, 7) > '06' ? 1 : 0);
      let cohort: Cohort = await this.cohorts.create(
        {
          name: plan.name,
          description: `Staff exchanges between European and Chinese civil-society organisations, ${year}.`,
          applicationOpensOn: plan.applicationOpensOn,
          applicationClosesOn: plan.applicationClosesOn,
          exchangeWindows: [
            { from: 'EU', to: 'CN', startsOn: `${year}-08-01`, endsOn: `${year}-09-30` },
            { from: 'CN', to: 'EU', startsOn: `${year}-10-08`, endsOn: `${year}-12-09` },
          ],
        },
        coordinator.id,
      );
      await this.cohorts.assignReviewers(cohort.id, [accounts.reviewerId], coordinator.id);
      if (plan.funded) await this.cohorts.assignFunders(cohort.id, [funder.id], coordinator.id);
      if (plan.status === 'draft') continue;
      cohort = await this.cohorts.transition(cohort.id, 'open', coordinator.id);

      const applicantCount = plan.status === 'open' ? 18 : 30;
      // The demo participant applies to the open and the active cohort, so their screens show both.
      const withParticipant = plan.status === 'open' || plan.status === 'active';
      const applicants = [
        ...new Set([
          ...(withParticipant ? [participantStaff] : []),
          ...Array.from({ length: applicantCount }, () => staff[nextApplicant++ % staff.length]),
        ]),
      ];
      // Joint applicants are twinned with one another across the sides, each naming the other's organisation,
      // so that some pairs exchange staff both ways as the programme intends.
      const hostIds = new Set(hosts.map((host) => host.id));
      const jointFrom = (side: string) =>
        applicants.filter(
          (member, index) =>
            index % 3 === 0 && member.organisation!.region === side && hostIds.has(member.organisationId),
        );
      const twinnedPartner = new Map<string, string>();
      const [jointEu, jointCn] = [jointFrom('EU'), jointFrom('CN')];
      for (let k = 0; k < Math.min(jointEu.length, jointCn.length); k++) {
        twinnedPartner.set(jointEu[k].id, jointCn[k].organisationId);
        twinnedPartner.set(jointCn[k].id, jointEu[k].organisationId);
      }
      const made: string[] = [];
      for (const [index, member] of applicants.entries()) {
        const region = member.organisation!.region;
        const otherSide = hosts.filter((host) => host.region !== region);
        const joint = index % 3 === 0;
        const window = region === 'EU' ? [`${year}-07-25`, `${year}-10-05`] : [`${year}-10-01`, `${year}-12-20`];
        // Drawn for every joint applicant, twinned or not, so the demo's later random choices stay as they were.
        const drawnPartner = joint ? random.pick(otherSide).id : null;
        const { application } = await this.applications.create(
          {
            cohortId: cohort.id,
            staffId: member.id,
            kind: joint ? 'joint' : 'single',
            ...(joint
              ? {
                  partnerOrganisationId: twinnedPartner.get(member.id) ?? drawnPartner!,
                  exchangeTopic: random.pick(EXCHANGE_TOPICS),
                }
              : {
                  preferredHostIds: [
                    ...new Set(
                      Array.from({ length: 1 + Math.floor(random.next() * 4) }, () => random.pick(otherSide).id),
                    ),
                  ],
                }),
            availableFrom: window[0],
            availableTo: window[1],
            motivation: random.pick(MOTIVATIONS),
            workPlan: random.pick(WORK_PLANS),
          },
          coordinator,
        );
        made.push(application.id);
      }

      // The committee scores most applications before decisions are taken.
      for (const [index, applicationId] of made.entries()) {
        if (index % 4 === 3) continue;
        const score = () => 2 + Math.floor(random.next() * 4);
        for (const reviewer of [coordinator, { id: accounts.reviewerId, role: 'reviewer' as const }]) {
          await this.reviews.create(
            applicationId,
            {
              organisationalCompatibility: score(),
              workPlanQuality: score(),
              applicantExperience: score(),
              comment: 'Clear plan; the host has worked on this theme for years.',
            },
            reviewer,
          );
        }
      }

      for (const [index, applicationId] of made.entries()) {
        const planned = plan.outcomes[index % plan.outcomes.length] ?? 'submitted';
        // Twinned organisations' applications go through together, once the committee decides at all.
        const outcome = twinnedPartner.has(applicants[index].id) && planned !== 'submitted' ? 'accepted' : planned;
        if (outcome === 'submitted') continue;
        // The demo participant's own applications stay in play.
        if (index === 0 && withParticipant) {
          if (plan.status === 'active') await this.applications.transition(applicationId, 'accepted', coordinator);
          continue;
        }
        await this.applications.transition(applicationId, outcome, coordinator);
      }

      const target = COHORT_STATUSES.indexOf(plan.status);
      for (const status of COHORT_STATUSES.slice(2, target + 1)) {
        cohort = await this.cohorts.transition(cohort.id, status, coordinator.id);
        if (status === 'matching') await this.match(cohort.id, coordinator.id, plan.status === 'matching');
      }
      if (plan.status === 'active' || plan.status === 'closed') {
        await this.exchanges.live(cohort.id, coordinator.id, plan.status === 'closed');
      }
    }
  }

  /** The optimal run the coordinator applied (proposed placements), with a dry run to compare where asked. */
  private async match(cohortId: string, coordinatorId: string, withDryRun: boolean): Promise<void> {
    if (withDryRun) {
      const dry = await this.matching.create(cohortId, { algorithm: 'stable', dryRun: true }, coordinatorId);
      await this.matching.execute(dry.id);
    }
    const run = await this.matching.create(cohortId, { algorithm: 'optimal' }, coordinatorId);
    await this.matching.execute(run.id);
    await this.matching.apply(run.id, coordinatorId);
  }

  private async insertOrganisations(catalogue: readonly DemoOrganisation[]): Promise<Organisation[]> {
    const repository = this.dataSource.getRepository(Organisation);
    const organisations = catalogue.map((entry) => repository.create({ ...entry }));
    await repository.insert(organisations);
    // Read back: pg returns the enum arrays of an INSERT's RETURNING as raw text.
    return repository.find({
      where: { id: In(organisations.map((organisation) => organisation.id)) },
      order: { name: 'ASC' },
    });
  }

  private async insertStaff(
    organisations: Organisation[],
    random: ReturnType<typeof seededRandom>,
  ): Promise<StaffMember[]> {
    const repository = this.dataSource.getRepository(StaffMember);
    const genders: Gender[] = ['female', 'female', 'male', 'male', 'female', 'male', 'non_binary', 'undisclosed'];
    const staff = Array.from({ length: STAFF_COUNT }, (_, index) => {
      const organisation = organisations[index % organisations.length];
      const chinese = organisation.region === 'CN';
      const given = random.pick(chinese ? CN_GIVEN_NAMES : EU_GIVEN_NAMES);
      const family = random.pick(chinese ? CN_FAMILY_NAMES : EU_FAMILY_NAMES);
      const fullName = chinese ? `${family} ${given}` : `${given} ${family}`;
      const domain = organisation.contactEmail?.split('@')[1] ?? 'example.org';
      const languages: LanguageSkill[] = chinese
        ? [
            { code: 'zh', level: 'native' },
            { code: 'en', level: random.pick(['basic', 'working', 'working', 'fluent'] as const) },
          ]
        : [
            { code: NATIONAL_LANGUAGE[organisation.country] ?? 'en', level: 'native' },
            { code: 'en', level: 'fluent' },
            ...(random.next() < 0.2 ? [{ code: 'zh', level: random.pick(['basic', 'working'] as const) }] : []),
          ];
      return repository.create({
        organisationId: organisation.id,
        organisation,
        fullName,
        email: `${given}.${family}.${index}@${domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
        gender: genders[index % genders.length],
        languages: languages.filter(
          (language, position) => languages.findIndex((other) => other.code === language.code) === position,
        ),
        expertise: organisation.thematicAreas.slice(0, 1 + Math.floor(random.next() * 2)),
        jobTitle: random.pick(JOB_TITLES),
        yearsOfExperience: 1 + Math.floor(random.next() * 20),
        locale: chinese ? 'zh' : 'en',
        userId: null,
        erasedAt: null,
      });
    });
    await repository.insert(staff);
    return staff;
  }

  private async insertConsents(staff: StaffMember[], random: ReturnType<typeof seededRandom>, recordedById: string) {
    const records = staff.flatMap((member) => [
      {
        staffId: member.id,
        purpose: 'programme_administration' as const,
        granted: true,
        textVersion: '2026-01',
        recordedById,
      },
      ...(random.next() < 0.8
        ? [
            {
              staffId: member.id,
              purpose: 'share_with_funders' as const,
              granted: true,
              textVersion: '2026-01',
              recordedById,
            },
          ]
        : []),
    ]);
    await this.dataSource.getRepository(ConsentRecord).insert(records);
  }
}
