/**
 * Outgoing delivery: a turn's activities to Send API calls, the reply target, comment private
 * replies, and botbuilder's connector upload path.
 *
 * @module
 */
export { type CommentTarget, PRIVATE_REPLY_WINDOW_MS } from './commentReply';
export {
  type ConnectorAttachmentData,
  type ConnectorTarget,
  connectorFactoryFor,
  type MessengerConnectorClient,
  type MessengerConnectorFactory,
  uploadConnectorAttachment,
} from './connectorFactory';
