// Field documentation for `sts explain`, after the Kubernetes API reference (v1.33), for the
// kinds and fields StatefulSet users meet. type: the schema type kubectl shows; fields: children.

export interface FieldDoc {
  type: string;
  doc: string;
  required?: boolean;
  fields?: Record<string, FieldDoc>;
}

const f = (type: string, doc: string, fields?: Record<string, FieldDoc>, required = false): FieldDoc => ({ type, doc, fields, required });

const OBJECT_META = f(
  'ObjectMeta',
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  {
    annotations: f(
      'map[string]string',
      'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.',
    ),
    creationTimestamp: f('string', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
    generation: f('integer', 'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.'),
    labels: f('map[string]string', 'Map of string keys and values that can be used to organize and categorize (scope and select) objects.'),
    name: f('string', 'Name must be unique within a namespace.'),
    namespace: f(
      'string',
      'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace.',
    ),
    ownerReferences: f(
      '[]OwnerReference',
      'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.',
    ),
    resourceVersion: f('string', 'An opaque value that represents the internal version of this object.'),
    uid: f('string', 'UID is the unique in time and space value for this object. Populated by the system. Read-only.'),
  },
);

const API_VERSION = f(
  'string',
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
);
const KIND = f(
  'string',
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.',
);

const CONTAINER = f('Container', 'A single application container that you want to run within a pod.', {
  args: f('[]string', "Arguments to the entrypoint. The container image's CMD is used if this is not provided."),
  command: f('[]string', "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided."),
  env: f('[]EnvVar', 'List of environment variables to set in the container. Cannot be updated.'),
  image: f('string', 'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images'),
  imagePullPolicy: f(
    'string',
    'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.',
  ),
  name: f(
    'string',
    'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.',
    undefined,
    true,
  ),
  ports: f('[]ContainerPort', 'List of ports to expose from the container.'),
  readinessProbe: f('Probe', 'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails.'),
  resources: f('ResourceRequirements', 'Compute Resources required by this container. Cannot be updated.'),
  volumeMounts: f('[]VolumeMount', "Pod volumes to mount into the container's filesystem. Cannot be updated."),
});

const POD_SPEC = f('PodSpec', 'Specification of the desired behavior of the pod.', {
  containers: f(
    '[]Container',
    'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.',
    CONTAINER.fields,
    true,
  ),
  hostname: f('string', "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value."),
  initContainers: f('[]Container', 'List of initialization containers belonging to the pod.'),
  nodeName: f('string', 'NodeName indicates in which node this pod is scheduled.'),
  restartPolicy: f('string', 'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.'),
  serviceAccountName: f('string', 'ServiceAccountName is the name of the ServiceAccount to use to run this pod.'),
  subdomain: f(
    'string',
    'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>". If not specified, the pod will not have a domainname at all.',
  ),
  terminationGracePeriodSeconds: f('integer', 'Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.'),
  volumes: f('[]Volume', 'List of volumes that can be mounted by containers belonging to the pod.'),
});

const PVC_SPEC = f('PersistentVolumeClaimSpec', 'spec defines the desired characteristics of a volume requested by a pod author.', {
  accessModes: f('[]string', 'accessModes contains the desired access modes the volume should have.'),
  resources: f('VolumeResourceRequirements', 'resources represents the minimum resources the volume should have.'),
  selector: f('LabelSelector', 'selector is a label query over volumes to consider for binding.'),
  storageClassName: f('string', 'storageClassName is the name of the StorageClass required by the claim.'),
  volumeMode: f(
    'string',
    'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.',
  ),
  volumeName: f('string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
});

const STS_SPEC = f(
  'StatefulSetSpec',
  'Spec defines the desired identities of pods in this set.',
  {
    minReadySeconds: f(
      'integer',
      'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)',
    ),
    ordinals: f(
      'StatefulSetOrdinals',
      'ordinals controls the numbering of replica indices in a StatefulSet. The default ordinals behavior assigns a "0" index to the first replica and increments the index by one for each additional replica requested.',
      {
        start: f(
          'integer',
          "start is the number representing the first replica's index. It may be used to number replicas from an alternate index (eg: 1-indexed) over the default 0-indexed names, or to orchestrate progressive movement of replicas from one StatefulSet to another.",
        ),
      },
    ),
    persistentVolumeClaimRetentionPolicy: f(
      'StatefulSetPersistentVolumeClaimRetentionPolicy',
      'persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates. By default, all persistent volume claims are created as needed and retained until manually deleted.',
      {
        whenDeleted: f(
          'string',
          'WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted. The default policy of `Retain` causes PVCs to not be affected by StatefulSet deletion. The `Delete` policy causes those PVCs to be deleted.',
        ),
        whenScaled: f(
          'string',
          'WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down. The default policy of `Retain` causes PVCs to not be affected by a scaledown. The `Delete` policy causes the associated PVCs for any excess pods above the replica count to be deleted.',
        ),
      },
    ),
    podManagementPolicy: f(
      'string',
      'podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`, where pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order. The alternative policy is `Parallel` which will create pods in parallel to match the desired scale without waiting, and on scale down will delete all pods at once.',
    ),
    replicas: f(
      'integer',
      'replicas is the desired number of replicas of the given Template. These are replicas in the sense that they are instantiations of the same Template, but individual replicas also have a consistent identity. If unspecified, defaults to 1.',
    ),
    revisionHistoryLimit: f(
      'integer',
      "revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history. The revision history consists of all revisions not represented by a currently applied StatefulSetSpec version. The default value is 10.",
    ),
    selector: f(
      'LabelSelector',
      "selector is a label query over pods that should match the replica count. It must match the pod template's labels.",
      undefined,
      true,
    ),
    serviceName: f(
      'string',
      'serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set. Pods get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local where "pod-specific-string" is managed by the StatefulSet controller.',
    ),
    template: f(
      'PodTemplateSpec',
      'template is the object that describes the pod that will be created if insufficient replicas are detected. Each pod stamped out by the StatefulSet will fulfill this Template, but have a unique identity from the rest of the StatefulSet.',
      { metadata: OBJECT_META, spec: POD_SPEC },
      true,
    ),
    updateStrategy: f(
      'StatefulSetUpdateStrategy',
      'updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.',
      {
        rollingUpdate: f(
          'RollingUpdateStatefulSetStrategy',
          'RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.',
          {
            maxUnavailable: f(
              'IntOrString',
              'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up. This can not be 0. Defaults to 1. This field is alpha-level and is only honored by servers that enable the MaxUnavailableStatefulSet feature.',
            ),
            partition: f(
              'integer',
              'Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. During a rolling update, all pods from ordinal Replicas-1 to Partition are updated. All pods from ordinal Partition-1 to 0 remain untouched. This is helpful in being able to do a canary based deployment. The default value is 0.',
            ),
          },
        ),
        type: f('string', 'Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.'),
      },
    ),
    volumeClaimTemplates: f(
      '[]PersistentVolumeClaim',
      'volumeClaimTemplates is a list of claims that pods are allowed to reference. The StatefulSet controller is responsible for mapping network identities to claims in a way that maintains the identity of a pod. Every claim in this list must have at least one matching (by name) volumeMount in one container in the template.',
      { metadata: OBJECT_META, spec: PVC_SPEC },
    ),
  },
  true,
);

export const EXPLAIN: Record<string, FieldDoc> = {
  StatefulSet: f(
    'StatefulSet',
    'StatefulSet represents a set of pods with consistent identities. Identities are defined as:\n  - Network: A single stable DNS and hostname.\n  - Storage: As many VolumeClaims as requested.\n\nThe StatefulSet guarantees that a given network identity will always map to the same storage identity.',
    {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: OBJECT_META,
      spec: STS_SPEC,
      status: f(
        'StatefulSetStatus',
        'Status is the current status of Pods in this StatefulSet. This data may be out of date by some window of time.',
        {
          availableReplicas: f('integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.'),
          currentReplicas: f(
            'integer',
            'currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.',
          ),
          currentRevision: f(
            'string',
            'currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).',
          ),
          observedGeneration: f(
            'integer',
            "observedGeneration is the most recent generation observed for this StatefulSet. It corresponds to the StatefulSet's generation, which is updated on mutation by the API Server.",
          ),
          readyReplicas: f('integer', 'readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.'),
          replicas: f('integer', 'replicas is the number of Pods created by the StatefulSet controller.', undefined, true),
          updateRevision: f(
            'string',
            'updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)',
          ),
          updatedReplicas: f(
            'integer',
            'updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.',
          ),
        },
      ),
    },
  ),
  Pod: f('Pod', 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: OBJECT_META,
    spec: POD_SPEC,
    status: f('PodStatus', 'Most recently observed status of the pod. This data may not be up to date.'),
  }),
  PersistentVolumeClaim: f('PersistentVolumeClaim', "PersistentVolumeClaim is a user's request for and claim to a persistent volume", {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: OBJECT_META,
    spec: PVC_SPEC,
    status: f('PersistentVolumeClaimStatus', 'status represents the current information/status of a persistent volume claim. Read-only.'),
  }),
  PersistentVolume: f('PersistentVolume', 'PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node.', {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: OBJECT_META,
    spec: f('PersistentVolumeSpec', 'spec defines a specification of a persistent volume owned by the cluster. Provisioned by an administrator.', {
      accessModes: f('[]string', 'accessModes contains all ways the volume can be mounted.'),
      capacity: f('map[string]Quantity', "capacity is the description of the persistent volume's resources and capacity."),
      claimRef: f('ObjectReference', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
      hostPath: f('HostPathVolumeSource', 'hostPath represents a directory on the host.'),
      persistentVolumeReclaimPolicy: f(
        'string',
        'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated).',
      ),
      storageClassName: f(
        'string',
        'storageClassName is the name of StorageClass to which this persistent volume belongs. Empty value means that this volume does not belong to any StorageClass.',
      ),
      volumeMode: f(
        'string',
        'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.',
      ),
    }),
    status: f('PersistentVolumeStatus', 'status represents the current information/status for the persistent volume.'),
  }),
  Service: f(
    'Service',
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: OBJECT_META,
      spec: f('ServiceSpec', 'Spec defines the behavior of a service.', {
        clusterIP: f(
          'string',
          'clusterIP is the IP address of the service and is usually assigned randomly. If this is set to "None" (a headless service), no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP.',
        ),
        ports: f('[]ServicePort', 'The list of ports that are exposed by this service.'),
        publishNotReadyAddresses: f(
          'boolean',
          "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready. The primary use case for setting this field is for a StatefulSet's Headless Service to propagate SRV DNS records for its Pods for the purpose of peer discovery.",
        ),
        selector: f('map[string]string', 'Route service traffic to pods with label keys and values matching this selector.'),
        type: f(
          'string',
          'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
        ),
      }),
      status: f('ServiceStatus', 'Most recently observed status of the service. Populated by the system. Read-only.'),
    },
  ),
  StorageClass: f(
    'StorageClass',
    'StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.',
    {
      allowVolumeExpansion: f('boolean', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: OBJECT_META,
      parameters: f('map[string]string', 'parameters holds the parameters for the provisioner that should create volumes of this storage class.'),
      provisioner: f('string', 'provisioner indicates the type of the provisioner.', undefined, true),
      reclaimPolicy: f(
        'string',
        'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.',
      ),
      volumeBindingMode: f(
        'string',
        'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used.',
      ),
    },
  ),
};
