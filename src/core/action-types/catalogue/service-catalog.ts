import { actionType, bounds, optional, required, userGuide } from './define.js';

/** AWS Service Catalog: a template of the input artifact as a new version of a product. */
export const serviceCatalogDeploy = actionType({
  category: 'Deploy',
  provider: 'ServiceCatalog',
  description: 'Publishes a template of the input artifact as a new version of an AWS Service Catalog product.',
  documentation: `${userGuide}/reference-pipeline-structure.html#structure-configuration-examples`,
  properties: [
    required('ProductId', 'The ID of the product.'),
    optional('ConfigurationFilePath', 'A configuration file in the input artifact that names the template and version (instead of the properties below).'),
    optional('TemplateFilePath', 'The template file in the input artifact.'),
    optional('ProductVersionName', 'The name of the new product version.'),
    optional('ProductVersionDescription', 'The description of the new product version.'),
    optional('ProductType', 'The type of the product, CLOUD_FORMATION_TEMPLATE.'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
});
