import type { TemplateSet, Terms } from './template';

export const zhTerms: Terms = {
  midterm: '中期',
  final: '结项',
  invitation_letter: '接待方邀请函',
  visa: '签证',
  insurance: '旅行及健康保险',
  travel_booked: '已预订行程',
  emergency_contact: '已登记紧急联系人',
  host_readiness: '接待方准备就绪（办公桌、电脑、联系人）',
  temporary_activity_filing: '中方合作单位办理临时活动备案',
};

export const zh: TemplateSet = {
  invitation: {
    title: '诚邀您加入结对交流项目',
    body: '{{name}}，您好：\n\n您已受邀以{{role}}身份加入结对交流项目。\n请通过以下链接设置密码：{{link}}\n\n链接有效期至{{expiresOn}}。',
  },
  matching_run_finished: {
    title: '匹配运行已完成：已安排{{placed}}人',
    body: '{{cohort}}的{{algorithm}}匹配运行已完成：{{participants}}名申请人中已安排{{placed}}人，{{unmatched}}人未匹配。',
  },
  placement_proposed: {
    title: '交流安排建议：{{participant}}前往{{host}}',
    body: '已为{{participant}}建议前往{{host}}交流，时间为{{startsOn}}至{{endsOn}}。\n参与者可在平台上接受或拒绝。',
  },
  placement_accepted: {
    title: '交流安排已接受：{{participant}}前往{{host}}',
    body: '{{participant}}已接受前往{{host}}的交流安排（{{startsOn}}至{{endsOn}}），协调员将予以确认。',
  },
  placement_declined: {
    title: '交流安排已拒绝：{{participant}}前往{{host}}',
    body: '{{participant}}已拒绝前往{{host}}的交流安排（{{startsOn}}至{{endsOn}}）。',
  },
  placement_confirmed: {
    title: '交流安排已确认：{{participant}}前往{{host}}',
    body: '{{participant}}于{{startsOn}}至{{endsOn}}前往{{host}}的交流安排已确认。\n行前清单现已开放。',
  },
  placement_cancelled: {
    title: '交流安排已取消：{{participant}}前往{{host}}',
    body: '{{participant}}前往{{host}}的交流安排（{{startsOn}}至{{endsOn}}）已取消。\n原因：{{reason}}',
  },
  departure_reminder: {
    title: '您在{{host}}的交流将于{{startsOn}}开始',
    body: '您在{{host}}的交流将于7天后（{{startsOn}}）开始，请确认行前清单已全部完成。',
  },
  log_reminder: {
    title: '请记录您的交流活动',
    body: '过去7天内，您在{{host}}的交流没有任何活动记录，请补充交流日志。',
  },
  report_due: {
    title: '您的{{kind}}报告将于{{dueOn}}截止',
    body: '您关于{{host}}交流的{{kind}}报告将于3天后（{{dueOn}}）截止。',
  },
  report_overdue: {
    title: '您的{{kind}}报告已逾期',
    body: '您关于{{host}}交流的{{kind}}报告已于{{dueOn}}截止，请尽快提交。',
  },
  milestone_due: {
    title: '里程碑将于{{dueOn}}到期：{{milestone}}',
    body: '联合项目“{{project}}”的里程碑“{{milestone}}”将于7天后（{{dueOn}}）到期。',
  },
  checklist_due: {
    title: '行前清单事项将于{{dueOn}}到期：{{item}}',
    body: '前往{{host}}交流的行前事项“{{item}}”将于3天后（{{dueOn}}）到期。',
  },
  checklist_overdue: {
    title: '行前清单事项已逾期：{{item}}',
    body: '前往{{host}}交流的行前事项“{{item}}”已于{{dueOn}}到期，目前仍未完成。',
  },
};
