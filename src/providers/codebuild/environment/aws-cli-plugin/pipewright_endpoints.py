"""Pipewright: the service-specific endpoint variables for an AWS CLI that predates them.

A build gets AWS_ENDPOINT_URL_<SERVICE> for the services Pipewright answers (AWS SDKs and Tools
reference guide, "Service-specific endpoints"). The AWS CLI reads them from 2.13 on (botocore 1.31);
Debian 12's packaged CLI (2.9) does not, and would send an unchanged `aws s3 cp` to AWS. This plugin,
named in the [plugins] section of the build's ~/.aws/config, gives each client the CLI creates the
endpoint those variables name, as the newer CLI would: only when the call gives no endpoint of its own
(--endpoint-url), only when the CLI does not read the variables itself, never when
AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
"""
import inspect
import os


def awscli_initialize(event_hooks):
    # 'session-initialized' is emitted once the profile and region are set, before the command runs
    # (awscli/clidriver.py); every client of the command is created after it.
    event_hooks.register('session-initialized', _point_clients, unique_id='pipewright-endpoints')


def _point_clients(session, **kwargs):
    if _cli_reads_endpoint_variables() or os.environ.get('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', '').lower() == 'true':
        return
    create_client = session.create_client
    signature = inspect.signature(create_client)

    def create_client_with_configured_endpoint(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs).arguments
        if arguments.get('endpoint_url') is None:
            endpoint = _configured_endpoint(session, arguments['service_name'])
            if endpoint:
                kwargs['endpoint_url'] = endpoint
        return create_client(*args, **kwargs)

    session.create_client = create_client_with_configured_endpoint


def _cli_reads_endpoint_variables():
    # botocore 1.31 added the endpoint variables with this setting (configprovider.py, sic "DEFAUT").
    from botocore.configprovider import BOTOCORE_DEFAUT_SESSION_VARIABLES
    return 'ignore_configured_endpoint_urls' in BOTOCORE_DEFAUT_SESSION_VARIABLES


def _configured_endpoint(session, service_name):
    # The service's identifier in upper case, spaces as underscores: Secrets Manager -> SECRETS_MANAGER.
    service_id = session.get_service_model(service_name).service_id
    variable = 'AWS_ENDPOINT_URL_' + str(service_id).replace(' ', '_').upper()
    return os.environ.get(variable) or os.environ.get('AWS_ENDPOINT_URL')
