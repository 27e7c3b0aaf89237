import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, Capacity, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDesign } from '#shared/db/table-design.ts';
import type { StageConfig } from '../config/stage-config.ts';

/** The single table, shaped by shared/db/table-design.ts (the local runtime creates the same one). */
export class Storage extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { table: tableConfig } = props.config;
    const stringKey = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: stringKey(tableDesign.partitionKey),
      sortKey: stringKey(tableDesign.sortKey),
      globalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
      })),
      billing:
        tableConfig.capacity.mode === 'on-demand'
          ? Billing.onDemand()
          : Billing.provisioned({
              readCapacity: Capacity.autoscaled({
                minCapacity: tableConfig.capacity.readUnits.min,
                maxCapacity: tableConfig.capacity.readUnits.max,
              }),
              writeCapacity: Capacity.autoscaled({
                minCapacity: tableConfig.capacity.writeUnits.min,
                maxCapacity: tableConfig.capacity.writeUnits.max,
              }),
            }),
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      // The outbox relay reads new items from the stream.
      dynamoStream: StreamViewType.NEW_IMAGE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: tableConfig.pointInTimeRecovery },
      deletionProtection: tableConfig.deletionProtection,
      encryption:
        tableConfig.encryption === 'customer-managed'
          ? TableEncryptionV2.customerManagedKey(
              new Key(this, 'TableKey', {
                description: `Relay ${props.config.stage} table`,
                enableKeyRotation: true,
                removalPolicy: RemovalPolicy.RETAIN,
              }),
            )
          : TableEncryptionV2.awsManagedKey(),
      removalPolicy: props.config.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
