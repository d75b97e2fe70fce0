import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { JointProject } from './joint-project.entity';
import { JointProjectPartner } from './joint-project-partner.entity';
import { JointProjectsController } from './joint-projects.controller';
import { JointProjectsService } from './joint-projects.service';
import { JointProjectMilestone } from './milestone.entity';

/** Joint projects (§5): what twinning partners do together after the exchange, with milestones. */
@Module({
  imports: [TypeOrmModule.forFeature([JointProject, JointProjectPartner, JointProjectMilestone]), AuditModule],
  controllers: [JointProjectsController],
  providers: [JointProjectsService],
  exports: [JointProjectsService],
})
export class JointProjectsModule {}
