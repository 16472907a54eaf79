/**
 * Outgoing delivery: a turn's activities to Send API calls, and botbuilder's connector upload path.
 *
 * @module
 */
export {
  type ConnectorAttachmentData,
  type ConnectorTarget,
  connectorFactoryFor,
  type MessengerConnectorClient,
  type MessengerConnectorFactory,
  uploadConnectorAttachment,
} from './connectorFactory';
