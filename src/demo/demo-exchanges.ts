import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Viewer } from '../common/auth/viewer-scope';
import { ACTIVITY_TYPES } from '../common/vocabulary';
import { ExchangeLog } from '../exchange-logs/exchange-log.entity';
import type { JointProjectStatus } from '../joint-projects/joint-project-status';
import { JointProjectsService } from '../joint-projects/joint-projects.service';
import { ParticipantReport } from '../participant-reports/participant-report.entity';
import { ParticipantReportsService } from '../participant-reports/participant-reports.service';
import { ChecklistItem } from '../placements/checklist-item.entity';
import { Placement } from '../placements/placement.entity';
import { PlacementsService } from '../placements/placements.service';
import { TwinningPair } from '../twinning-pairs/twinning-pair.entity';
import { addDays } from '../common/time';

/** The demo tells the programme's story as it stands at the end of November 2026. */
export const DEMO_TODAY = '2026-11-29';

const LOG_TITLES = [
  'Team meeting on the monitoring plan',
  'Training on participatory budgeting',
  'Field visit to partner villages',
  'Workshop with local volunteers',
  'Desk research on water governance',
  'Public event on climate adaptation',
  'Interviews with community leaders',
];

const PROJECT_TITLES = [
  'Community water monitoring network',
  'Women-led cooperatives exchange',
  'Climate adaptation toolkit for villages',
  'Open data for public welfare',
  'Volunteer academy for rural NGOs',
  'Air quality citizen science',
];

const MILESTONES = ['Kick-off workshop', 'Joint field study', 'Public report'];

/**
 * The life of the exchanges in the demo's active and closed cohorts: placements through every state, the
 * participants' logs and reports, and the joint projects that grew from the pairs. Moves go through the
 * services, so the lifecycle's rules hold in the demo as well.
 */
@Injectable()
export class DemoExchanges {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly placements: PlacementsService,
    private readonly reports: ParticipantReportsService,
    private readonly projects: JointProjectsService,
  ) {}

  async live(cohortId: string, coordinatorId: string, closed: boolean): Promise<void> {
    const coordinator: Viewer = { id: coordinatorId, role: 'coordinator' };
    const placements = await this.dataSource
      .getRepository(Placement)
      .find({ where: { cohortId }, order: { startsOn: 'ASC', id: 'ASC' } });
    for (const [index, placement] of placements.entries()) {
      const plan = index % 10;
      if (plan === 0) {
        await this.placements.moveAs(placement.id, 'declined', 'participant', null);
        continue;
      }
      if (plan === 1) {
        await this.placements.moveAs(placement.id, 'cancelled', 'coordinator', coordinatorId, 'Visa was refused');
        continue;
      }
      if (!closed && plan === 2) continue;
      await this.placements.moveAs(placement.id, 'accepted', 'participant', null);
      if (!closed && plan === 3) continue;
      await this.placements.moveAs(placement.id, 'confirmed', 'coordinator', coordinatorId);
      if (!closed && plan === 4) {
        await this.tickChecklist(placement.id, coordinatorId, 3);
        continue;
      }
      await this.tickChecklist(placement.id, coordinatorId);
      await this.placements.moveAs(placement.id, 'in_progress', 'coordinator', coordinatorId);
      if (placement.endsOn < DEMO_TODAY) {
        await this.placements.moveAs(placement.id, 'completed', 'coordinator', coordinatorId);
      }
      await this.writeLogs(placement, coordinatorId, index);
      await this.writeReports(placement.id, coordinator, index);
    }
    await this.startProjects(cohortId, coordinator, closed);
  }

  private async tickChecklist(placementId: string, coordinatorId: string, count = Infinity): Promise<void> {
    const items = await this.dataSource
      .getRepository(ChecklistItem)
      .find({ where: { placementId }, order: { key: 'ASC' } });
    for (const item of items.slice(0, count)) {
      await this.placements.tickChecklist(placementId, item.key, true, { id: coordinatorId, role: 'coordinator' });
    }
  }

  /** About one day in five of the stay so far, written as the participant would have. */
  private async writeLogs(placement: Placement, authorId: string, seed: number): Promise<void> {
    const last = placement.endsOn < DEMO_TODAY ? placement.endsOn : DEMO_TODAY;
    const days = (Date.parse(last) - Date.parse(placement.startsOn)) / 86_400_000 + 1;
    const logs: Array<Partial<ExchangeLog>> = [];
    for (let offset = seed % 3; offset < days; offset += 5) {
      const kind = (seed + offset) % ACTIVITY_TYPES.length;
      logs.push({
        placementId: placement.id,
        loggedOn: addDays(placement.startsOn, offset),
        hours: 4 + ((seed + offset) % 5),
        activityType: ACTIVITY_TYPES[kind],
        title: LOG_TITLES[kind],
        description: 'Worked with the host team; notes shared in the project folder.',
        learningOutcomes: 'How the host organisation involves its community in planning.',
        createdById: authorId,
      });
    }
    if (logs.length) await this.dataSource.getRepository(ExchangeLog).insert(logs);
  }

  /** Midterm reports in by now are accepted; final reports are at every stage. */
  private async writeReports(placementId: string, coordinator: Viewer, seed: number): Promise<void> {
    const reports = await this.dataSource.getRepository(ParticipantReport).find({ where: { placementId } });
    for (const report of reports) {
      if (report.dueOn > DEMO_TODAY && report.kind === 'final') continue;
      const stage =
        report.kind === 'midterm' ? 'accepted' : (['accepted', 'submitted', 'returned', 'due'] as const)[seed % 4];
      if (stage === 'due') continue;
      const { questions } = await this.reports.get(report.id, coordinator);
      await this.reports.submit(
        report.id,
        questions.map(() => 'We worked closely with the host team and documented every activity in the exchange log.'),
        coordinator,
      );
      // Dated when the participant would have sent it, not when the demo runs: most on time, one in five late.
      const intended = addDays(report.dueOn, (seed + report.kind.length) % 5 === 0 ? 3 : -(seed % 4));
      const submittedOn = intended < DEMO_TODAY ? intended : DEMO_TODAY;
      await this.dataSource
        .getRepository(ParticipantReport)
        .update({ id: report.id }, { submittedAt: new Date(`${submittedOn}T09:00:00Z`) });
      if (stage === 'accepted') await this.reports.review(report.id, 'accepted', undefined, coordinator);
      if (stage === 'returned') {
        await this.reports.review(report.id, 'returned', 'Please add the number of people reached.', coordinator);
      }
    }
  }

  /** A joint project for each of the first six pairs, at every stage of a project's life. */
  private async startProjects(cohortId: string, coordinator: Viewer, closed: boolean): Promise<void> {
    const pairs = await this.dataSource
      .getRepository(TwinningPair)
      .find({ where: { cohortId }, order: { createdAt: 'ASC', id: 'ASC' }, take: 6 });
    const stages: JointProjectStatus[] = closed
      ? ['completed', 'active', 'funded', 'completed', 'dropped', 'active']
      : ['idea', 'proposed', 'funded', 'active', 'dropped', 'proposed'];
    // The closed cohort's projects ran through 2026; the active cohort's are being prepared for 2027.
    const year = closed ? 2026 : 2027;
    for (const [index, pair] of pairs.entries()) {
      const placements = await this.dataSource.getRepository(Placement).find({ where: { twinningPairId: pair.id } });
      const startsOn = `${year}-01-15`;
      const project = await this.projects.create(
        {
          cohortId,
          title: PROJECT_TITLES[index % PROJECT_TITLES.length],
          summary: 'Grew from the exchange: the two organisations test together what each learnt from the other.',
          thematicAreas: ['capacity_building'],
          partnerOrganisationIds: [pair.firstOrganisationId, pair.secondOrganisationId],
          placementIds: placements.map((placement) => placement.id),
          budget: { amountMinor: (15 + index * 9) * 100_000, currency: 'EUR' },
          fundingSource: index % 2 ? 'Aurelia Foundation follow-up grant' : 'Own funds and local donors',
          startsOn,
          endsOn: `${year}-12-15`,
          peopleReached: closed ? 120 + index * 85 : null,
        },
        coordinator,
      );
      for (const [step, title] of MILESTONES.entries()) {
        const dueOn = addDays(startsOn, 60 + step * 120);
        await this.projects.addMilestone(
          project.id,
          { title, dueOn, doneOn: dueOn <= DEMO_TODAY ? dueOn : null },
          { ...coordinator, timeZone: 'UTC' },
        );
      }
      await this.advanceProject(project.id, stages[index % stages.length], coordinator);
    }
  }

  private async advanceProject(id: string, target: JointProjectStatus, coordinator: Viewer): Promise<void> {
    const path: JointProjectStatus[] =
      target === 'dropped' ? ['proposed', 'dropped'] : ['proposed', 'funded', 'active', 'completed'];
    for (const status of path) {
      if (target !== 'dropped' && path.indexOf(status) > path.indexOf(target)) break;
      if (target === 'idea') break;
      await this.projects.transition(id, status, coordinator);
    }
  }
}
