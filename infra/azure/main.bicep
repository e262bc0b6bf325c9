// One MAO site on Azure: a Function App (isolated worker, .NET 10) on the Flex Consumption plan,
// its storage account (Durable Task hub, snapshot blobs and table index, deployment package),
// Application Insights, and the settings that tie the site into the federation (etcd, site identity).

@description('Site id in the federation: lower-case letters, digits, ".", "_", "-" (1-63 chars).')
@minLength(1)
@maxLength(63)
param siteId string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Comma list of the federation registry\'s etcd client URLs, e.g. https://etcd1.example.org:2379.')
param etcdEndpoints string

@description('etcd user name for this site (empty when the registry runs without auth).')
param etcdUser string = ''

@description('etcd password for this site.')
@secure()
param etcdPassword string = ''

@description('Git remote of this site\'s datasets (https URL).')
param gitRemote string = ''

@description('Operator key for state-changing API calls (POST /api/rounds), at least 16 characters; the function key is needed too.')
@secure()
@minLength(16)
param apiKey string

@description('Comma list of the tools this site runs (MAO_TOOLS), e.g. dockerhub-tags,aws-sar. A built-in tool not listed gets its timer switched off.')
param tools string = ''

@description('Per-tool schedule overrides: six-field NCRONTAB (seconds first, UTC) or \'off\', e.g. { \'aws-sar\': \'0 30 6 * * *\', \'dockerhub-tags\': \'off\' }.')
param toolSchedules object = {}

@description('Maximum instances the Flex Consumption plan may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB (Flex Consumption: 2048 or 4096).')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

// The built-in tools' manifest schedules (tools/Mao.Tools/Manifests/ToolManifests.cs; a test keeps them equal). Each tool
// has a timer function reading MAO_SCHEDULE_<TOOL>; 'off', or a tool not in `tools`, sets AzureWebJobs.<function>.Disabled
// and leaves the manifest's expression in place, since the timer needs a valid one even when switched off.
var defaultSchedules = {
  'artifacthub-helm': '0 0 4 * * *'
  'aws-sar': '0 0 5 * * *'
  'dockerfile-lint': '0 0 4 * * *'
  'dockerhub-tags': '0 0 3 * * *'
}
var toolList = map(split(tools, ','), t => trim(t))
var schedules = union(defaultSchedules, toolSchedules)
var timerOff = {
  'artifacthub-helm': toLower(schedules['artifacthub-helm']) == 'off' || !contains(toolList, 'artifacthub-helm')
  'aws-sar': toLower(schedules['aws-sar']) == 'off' || !contains(toolList, 'aws-sar')
  'dockerfile-lint': toLower(schedules['dockerfile-lint']) == 'off' || !contains(toolList, 'dockerfile-lint')
  'dockerhub-tags': toLower(schedules['dockerhub-tags']) == 'off' || !contains(toolList, 'dockerhub-tags')
}

var suffix = uniqueString(resourceGroup().id, siteId)
var storageName = take('mao${replace(replace(siteId, '-', ''), '.', '')}${suffix}', 24)
var appName = take('mao-${siteId}-${suffix}', 60)
var deploymentContainer = 'app-package'
var taskHub = 'mao${replace(replace(replace(siteId, '-', ''), '.', ''), '_', '')}'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: toLower(storageName)
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: take('mao-${siteId}-logs', 63)
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: take('mao-${siteId}-insights', 63)
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: take('mao-${siteId}-plan', 60)
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'StorageAccountConnectionString'
            storageAccountConnectionStringName: 'DEPLOYMENT_STORAGE_CONNECTION_STRING'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'AzureWebJobsStorage', value: storageConnection }
        { name: 'DEPLOYMENT_STORAGE_CONNECTION_STRING', value: storageConnection }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'MAO_SITE_ID', value: siteId }
        { name: 'MAO_TASK_HUB', value: taskHub }
        { name: 'MAO_STORAGE_CONNECTION', value: storageConnection }
        { name: 'MAO_ETCD_ENDPOINTS', value: etcdEndpoints }
        { name: 'MAO_ETCD_USER', value: etcdUser }
        { name: 'MAO_ETCD_PASSWORD', value: etcdPassword }
        { name: 'MAO_GIT_REMOTE', value: gitRemote }
        // Peers fetch snapshots from, and post answers to, the app's own host name.
        { name: 'MAO_PUBLIC_ENDPOINT', value: 'https://${appName}.azurewebsites.net' }
        { name: 'MAO_API_KEY', value: apiKey }
        // Instance-local scratch space (dataset clones, temporary files); Flex Consumption instances start empty.
        { name: 'MAO_DATA_DIR', value: '/tmp/mao' }
        { name: 'MAO_TOOLS', value: tools }
        // Tool-run timers (functions/ToolRunTimers.cs): the schedule each reads, and its switch.
        { name: 'MAO_SCHEDULE_ARTIFACTHUB_HELM', value: timerOff['artifacthub-helm'] ? defaultSchedules['artifacthub-helm'] : schedules['artifacthub-helm'] }
        { name: 'AzureWebJobs.ToolRunArtifactHubHelm.Disabled', value: timerOff['artifacthub-helm'] ? 'true' : 'false' }
        { name: 'MAO_SCHEDULE_AWS_SAR', value: timerOff['aws-sar'] ? defaultSchedules['aws-sar'] : schedules['aws-sar'] }
        { name: 'AzureWebJobs.ToolRunAwsSar.Disabled', value: timerOff['aws-sar'] ? 'true' : 'false' }
        { name: 'MAO_SCHEDULE_DOCKERFILE_LINT', value: timerOff['dockerfile-lint'] ? defaultSchedules['dockerfile-lint'] : schedules['dockerfile-lint'] }
        { name: 'AzureWebJobs.ToolRunDockerfileLint.Disabled', value: timerOff['dockerfile-lint'] ? 'true' : 'false' }
        { name: 'MAO_SCHEDULE_DOCKERHUB_TAGS', value: timerOff['dockerhub-tags'] ? defaultSchedules['dockerhub-tags'] : schedules['dockerhub-tags'] }
        { name: 'AzureWebJobs.ToolRunDockerHubTags.Disabled', value: timerOff['dockerhub-tags'] ? 'true' : 'false' }
      ]
    }
  }
  dependsOn: [
    packageContainer
  ]
}

output functionAppName string = functionApp.name
output functionAppHost string = functionApp.properties.defaultHostName
output storageAccountName string = storage.name
output taskHubName string = taskHub
