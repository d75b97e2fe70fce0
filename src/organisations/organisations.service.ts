import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { applyChanges, changedFields } from '../audit/changes';
import { notFound } from '../common/http/problem.exception';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { likePattern } from '../common/validation/query-values';
import { CreateOrganisationDto } from './dto/create-organisation.dto';
import { OrganisationListQuery } from './dto/organisation-list.query';
import { UpdateOrganisationDto } from './dto/update-organisation.dto';
import { Organisation } from './organisation.entity';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateOrganisationDto, actorId: string | null): Promise<Organisation> {
    const id = await this.dataSource.transaction(async (tx) => {
      const repository = tx.getRepository(Organisation);
      const organisation = repository.create({
        ...input,
        name: input.name.trim(),
        country: input.country.toUpperCase(),
      });
      await repository.insert(organisation);
      await this.audit.record(
        {
          actorId,
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: organisation.id,
          changes: changedFields(null, { name: organisation.name, region: organisation.region }),
        },
        tx,
      );
      return organisation.id;
    });
    // Read back rather than trust the inserted entity: pg returns enum arrays of RETURNING as raw text.
    return this.get(id);
  }

  async get(id: string): Promise<Organisation> {
    const organisation = await this.organisations.findOneBy({ id });
    if (!organisation) throw notFound('Organisation');
    return organisation;
  }

  async list(query: OrganisationListQuery): Promise<Page<Organisation>> {
    const { field, direction } = parseSort(query.sort, 'name');
    const builder = this.organisations.createQueryBuilder('organisation');
    if (query.region) builder.andWhere('organisation.region = :region', { region: query.region });
    if (query.country) builder.andWhere('organisation.country = :country', { country: query.country.toUpperCase() });
    if (query.type) builder.andWhere('organisation.type = :type', { type: query.type });
    if (query.thematicArea) {
      builder.andWhere(':area = ANY(organisation.thematicAreas)', { area: query.thematicArea });
    }
    if (query.hostsOnly) builder.andWhere('organisation.hostingCapacity > 0');
    if (query.search) {
      builder.andWhere("(organisation.name ILIKE :search ESCAPE '\\' OR organisation.city ILIKE :search ESCAPE '\\')", {
        search: likePattern(query.search),
      });
    }
    const [items, total] = await builder
      .orderBy(`organisation.${field}`, direction)
      .addOrderBy('organisation.id')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  async update(id: string, changes: UpdateOrganisationDto, actorId: string): Promise<Organisation> {
    await this.dataSource.transaction(async (tx) => {
      const repository = tx.getRepository(Organisation);
      const organisation = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!organisation) throw notFound('Organisation');
      const diff = applyChanges(organisation, {
        ...changes,
        ...(changes.country && { country: changes.country.toUpperCase() }),
      });
      await repository.save(organisation);
      await this.audit.record(
        { actorId, action: 'organisation.updated', entityType: 'organisation', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id);
  }

  /** Refused with 409 while staff, applications or cohorts still refer to it (foreign keys decide). */
  async remove(id: string, actorId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const result = await tx.getRepository(Organisation).delete({ id });
      if (!result.affected) throw notFound('Organisation');
      await this.audit.record(
        { actorId, action: 'organisation.deleted', entityType: 'organisation', entityId: id },
        tx,
      );
    });
  }
}
