import { randomUUID } from 'node:crypto';
import type { NotificationFormat } from './notification-targets.js';

/** What a notification says about one waiting approval; the configuration's variables already resolved. */
export interface ApprovalNotice {
  region: string;
  pipelineName: string;
  stageName: string;
  actionName: string;
  token: string;
  /** Epoch milliseconds. */
  expires: number;
  notificationArn: string;
  externalEntityLink?: string;
  customData?: string;
  /** The console's base URL. */
  consoleUrl: string;
}

/**
 * AWS's approval message (user guide, "JSON data format for manual approval notifications"): region,
 * consoleLink, and the approval with its token, expiry (`2016-07-07T20:22Z`), links and custom data. The
 * links point at the console's page of the pipeline; the review link names the approval to answer.
 */
export function approvalMessage(notice: ApprovalNotice): ApprovalMessage {
  const consoleLink = `${notice.consoleUrl}/pipelines/${encodeURIComponent(notice.pipelineName)}`;
  const review = new URLSearchParams({ stage: notice.stageName, action: notice.actionName, token: notice.token });
  return {
    region: notice.region,
    consoleLink,
    approval: {
      pipelineName: notice.pipelineName,
      stageName: notice.stageName,
      actionName: notice.actionName,
      token: notice.token,
      expires: `${new Date(notice.expires).toISOString().slice(0, 16)}Z`,
      externalEntityLink: notice.externalEntityLink ?? null,
      approvalReviewLink: `${consoleLink}?${review.toString()}`,
      customData: notice.customData ?? null,
    },
  };
}

export interface ApprovalMessage {
  region: string;
  consoleLink: string;
  approval: {
    pipelineName: string;
    stageName: string;
    actionName: string;
    token: string;
    expires: string;
    externalEntityLink: string | null;
    approvalReviewLink: string;
    customData: string | null;
  };
}

/** The subject AWS gives approval notifications. */
export function approvalSubject(notice: ApprovalNotice): string {
  return `APPROVAL NEEDED: AWS CodePipeline ${notice.pipelineName} for action ${notice.actionName}`;
}

/** The request body and headers a target of `format` receives. */
export function notificationRequest(notice: ApprovalNotice, format: NotificationFormat, now: number): { body: string; headers: Record<string, string> } {
  const message = approvalMessage(notice);
  switch (format) {
    case 'aws':
      return { body: JSON.stringify(message), headers: { 'content-type': 'application/json' } };
    case 'sns': {
      const messageId = randomUUID();
      return {
        body: JSON.stringify({
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: notice.notificationArn,
          Subject: approvalSubject(notice),
          Message: JSON.stringify(message),
          Timestamp: new Date(now).toISOString(),
        }),
        headers: {
          'content-type': 'text/plain; charset=UTF-8',
          'x-amz-sns-message-type': 'Notification',
          'x-amz-sns-message-id': messageId,
          'x-amz-sns-topic-arn': notice.notificationArn,
        },
      };
    }
    case 'slack':
      return { body: JSON.stringify(slackMessage(notice, message)), headers: { 'content-type': 'application/json' } };
  }
}

function slackMessage(notice: ApprovalNotice, message: ApprovalMessage): unknown {
  const lines = [
    `*Approval needed* in *${escapeSlack(notice.pipelineName)}*: stage ${escapeSlack(notice.stageName)}, action ${escapeSlack(notice.actionName)}.`,
    ...(notice.customData !== undefined ? [`> ${escapeSlack(notice.customData)}`] : []),
    ...(notice.externalEntityLink !== undefined ? [`Review: <${notice.externalEntityLink}>`] : []),
    `Expires ${message.approval.expires}.`,
  ];
  return {
    text: `${approvalSubject(notice)}: ${message.approval.approvalReviewLink}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Approve or reject' }, url: message.approval.approvalReviewLink }] },
    ],
  };
}

/** Slack's mrkdwn treats &, < and > as markup. */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
