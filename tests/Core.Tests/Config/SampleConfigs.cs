namespace Serverless.Core.Tests.Config;

/// <summary>Realistic configs in the style of four vendors; each must validate clean.</summary>
internal static class SampleConfigs
{
    public const string GitHub = """
    {
      "base_url": "https://api.github.com",
      "headers": { "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "serverless-integrations" },
      "credentials": {
        "format": "api_key",
        "config": {
          "fields": [
            { "name": "api_key", "label": "Personal access token", "type": "password", "required": true, "pattern": "^(ghp_|github_pat_)[A-Za-z0-9_]+$", "help_text": "Settings → Developer settings → Tokens" },
            { "name": "org", "label": "Organisation", "type": "text", "required": false }
          ]
        }
      },
      "authorization": { "format": "bearer", "config": { "token": "{{api_key}}" } },
      "pagination": { "format": "link_header", "config": { "limit_key": "per_page", "max_limit": 100 } },
      "query_array_format": "comma",
      "rate_limit": {
        "is_rate_limited": "status = 429 or (status = 403 and headers.`x-ratelimit-remaining` = '0')",
        "retry_after_header_expression": "$number(headers.`x-ratelimit-reset`) - $floor($millis() / 1000)",
        "rate_limit_header_expression": "{ 'limit': headers.`x-ratelimit-limit`, 'remaining': headers.`x-ratelimit-remaining`, 'reset': headers.`x-ratelimit-reset` }"
      },
      "resources": {
        "repos": {
          "list": { "method": "get", "path": "/orgs/{{org|context.org}}/repos", "query": { "type": "{{query.type?:all}}", "sort": "updated" } },
          "get": { "method": "get", "path": "/repos/{{org}}/{{id}}" }
        },
        "issues": {
          "list": { "method": "get", "path": "/repos/{{org}}/{{query.repo}}/issues", "query": { "state": "{{query.state:undefined}}", "since": "{{previous_run_date:undefined}}" } },
          "create": { "method": "post", "path": "/repos/{{org}}/{{body.repo}}/issues", "body": { "title": "{{body.title}}", "body": "{{body.body:undefined}}", "labels": "{{body.labels:any:undefined}}" }, "pagination": null },
          "lock": { "method": "put", "path": "/repos/{{org}}/{{body.repo}}/issues/{{body.number}}/lock", "body": { "lock_reason": "{{body.reason?:resolved}}" } }
        },
        "meta": {
          "get": { "method": "get", "path": "https://api.github.com/meta", "no_auth": true, "pagination": null }
        }
      },
      "webhook": {
        "signature_verification": {
          "format": "hmac",
          "config": { "secret": "{{context.webhook_secret}}", "algorithm": "sha256", "string_type": "hex", "compare_with": "{{headers.x-hub-signature-256}}", "prefix": "sha256=", "parts": ["raw_body"] }
        },
        "payload_transform": "$merge([$, { 'event': headers.`x-github-event` }])"
      },
      "actions": {
        "validation": { "type": "request", "config": { "method": "GET", "path": "/user" }, "outputs": [ { "name": "login", "key": "login", "type": "string", "required": true } ] },
        "create_issue": {
          "type": "request",
          "inputs": [ { "name": "repo", "type": "string", "required": true }, { "name": "title", "type": "string", "required": true }, { "name": "draft", "type": "boolean" } ],
          "config": { "method": "POST", "path": "/repos/{{org}}/{{inputs.repo}}/issues", "body": { "title": "{{inputs.title}}" } },
          "outputs": [ { "name": "id", "key": "id", "type": "integer", "required": true }, { "name": "url", "key": "html_url", "type": "string" } ]
        }
      }
    }
    """;

    public const string Stripe = """
    {
      "base_url": "https://api.stripe.com/v1",
      "body_format": "form",
      "query_array_format": "brackets",
      "timeout_ms": 20000,
      "credentials": { "api_key": { "config": { "fields": [ { "name": "api_key", "label": "Secret key", "type": "password", "required": true, "pattern": "^sk_(test|live)_[A-Za-z0-9]+$" } ] } } },
      "authorization": { "format": "basic", "config": { "username": "{{api_key}}", "password": "" } },
      "headers": { "Stripe-Version": "2024-06-20", "Idempotency-Key": "{{headers.idempotency-key:undefined}}" },
      "pagination": { "format": "cursor", "config": { "cursor_key": "starting_after", "cursor_path": "data.-1.id", "has_more_path": "has_more", "limit_key": "limit", "max_limit": 100 } },
      "error_expression": "status >= 400 ? { 'status': status, 'message': data.error.message }",
      "resources": {
        "customers": {
          "list": { "method": "get", "path": "/customers", "response_path": "data", "query": { "email": "{{query.email:undefined}}", "created[gte]": "{{query.created_after:int:undefined}}" } },
          "get": { "method": "get", "path": "/customers/{{id}}" },
          "create": { "method": "post", "path": "/customers", "body": { "email": "{{body.email}}", "name": "{{body.name:undefined}}", "metadata": { "$truto_merge": "{{body.metadata:json}}" } } },
          "update": { "method": "post", "path": "/customers/{{id}}", "body": { "$truto_merge": ["{{body:any}}"] } },
          "delete": { "method": "delete", "path": "/customers/{{id}}" }
        },
        "charges": {
          "search": { "method": "get", "path": "/charges/search", "response_path": "data", "query": { "query": "{{query.query}}" },
                      "pagination": { "format": "cursor", "config": { "cursor_key": "page", "cursor_path": "next_page", "has_more_path": "has_more" } } }
        }
      },
      "webhook": {
        "payload_transform": "$merge([$, { 'stripe_t': $split($split(headers.`stripe-signature`, ',')[0], '=')[1], 'stripe_v1': $split($split(headers.`stripe-signature`, ',')[1], '=')[1] }])",
        "signature_verification": {
          "format": "hmac",
          "config": {
            "secret": "{{environment_variables.stripe_webhook_secret}}", "algorithm": "sha256", "string_type": "hex",
            "compare_with": "{{stripe_v1}}", "verification_content": ["{{stripe_t}}.{{raw_body}}"],
            "timestamp": "{{stripe_t}}", "timestamp_tolerance_seconds": 300
          }
        },
        "context_lookup_field_name": "stripe_account_id",
        "context_lookup_value": "{{body.account}}"
      }
    }
    """;

    public const string HubSpot = """
    {
      "base_url": "https://api.hubapi.com",
      "credentials": {
        "format": "oauth2",
        "config": {
          "client": { "id": "{{environment_variables.client_id}}", "secret": "{{environment_variables.client_secret}}" },
          "auth": { "tokenHost": "https://api.hubapi.com", "tokenPath": "/oauth/v1/token", "authorizeHost": "https://app.hubspot.com", "authorizePath": "/oauth/authorize" },
          "options": { "scopeSeparator": " ", "authorizationMethod": "body", "bodyFormat": "form" },
          "scope": ["crm.objects.contacts.read", "crm.objects.contacts.write", "oauth"],
          "tokenParams": { "redirect_uri": "{{redirect_uri}}" },
          "tokenExpiryDuration": 1800
        }
      },
      "pagination": { "format": "cursor", "config": { "cursor_key": "after", "cursor_path": "paging.next.after", "limit_key": "limit", "max_limit": 100 } },
      "rate_limit": { "is_rate_limited": "status = 429", "rate_limit_header_expression": "{ 'limit': headers.`x-hubspot-ratelimit-max`, 'remaining': headers.`x-hubspot-ratelimit-remaining` }" },
      "resources": {
        "contacts": {
          "list": { "method": "get", "path": "/crm/v3/objects/contacts", "response_path": "results", "query": { "properties": ["email", "firstname", "lastname"], "archived": "{{query.archived:bool?:false}}" } },
          "search": { "method": "post", "path": "/crm/v3/objects/contacts/search", "response_path": "results",
                      "body": { "filterGroups": "{{body.filter_groups:any?:[]:json}}", "limit": "{{pagination.limit:int?:100}}", "after": "{{pagination.cursor:undefined}}" },
                      "pagination": { "format": "dynamic", "config": {
                        "get_initial_pagination_values_expression": "{ 'limit': 100 }",
                        "get_pagination_values_expression": "response.data.paging.next.after ? { 'cursor': response.data.paging.next.after } : null",
                        "get_cursor_from_response_expression": "data.paging.next.after" } } },
          "update": { "method": "patch", "path": "/crm/v3/objects/contacts/{{id}}", "body": { "properties": "{{body:any}}" } }
        },
        "owners": {
          "list": { "method": "get", "path": "/crm/v3/owners", "response_path": "results",
                    "pagination": { "format": "offset", "config": { "offset_key": "offset", "limit_key": "limit", "total_path": "total", "max_limit": 500 } } }
        }
      },
      "actions": {
        "post_install": {
          "steps": [
            { "type": "request", "name": "token_info", "config": { "method": "GET", "path": "/oauth/v1/access-tokens/{{oauth.token.access_token}}" } },
            { "type": "update_context", "expression": "{ 'hub_id': $previous.body.hub_id, 'hub_domain': $previous.body.hub_domain }" }
          ]
        },
        "validation": { "type": "request", "config": { "method": "GET", "path": "/crm/v3/objects/contacts", "query": { "limit": 1 } } }
      }
    }
    """;

    public const string Slack = """
    {
      "base_url": "https://slack.com/api",
      "body_format": "json",
      "credentials": {
        "oauth2": {
          "config": {
            "client": { "id": "{{environment_variables.client_id}}", "secret": "{{environment_variables.client_secret}}" },
            "auth": { "tokenHost": "https://slack.com", "tokenPath": "/api/oauth.v2.access", "authorizePath": "/oauth/v2/authorize" },
            "options": { "scopeSeparator": ",", "authorizationMethod": "body" },
            "scope": ["channels:read", "chat:write", "users:read"]
          }
        },
        "api_key": { "config": { "fields": [ { "name": "bot_token", "label": "Bot token", "type": "password", "required": true },
                                             { "name": "workspace_tier", "label": "Tier", "type": "single_select", "default": "free", "options": [ { "value": "free", "label": "Free" }, { "value": "pro" } ] } ] } }
      },
      "authorization": { "format": "header", "config": { "headers": { "Authorization": "Bearer {{oauth.token.access_token|bot_token}}" } } },
      "error_expression": "data.ok = false ? { 'status': data.error = 'ratelimited' ? 429 : (data.error in ['invalid_auth', 'not_authed', 'token_revoked'] ? 401 : 400), 'message': data.error }",
      "rate_limit": { "is_rate_limited": "status = 429 or data.error = 'ratelimited'", "retry_after_header_expression": "$number(headers.`retry-after`)" },
      "pagination": { "format": "cursor", "config": { "cursor_key": "cursor", "cursor_path": "response_metadata.next_cursor", "limit_key": "limit", "max_limit": 200 } },
      "resources": {
        "channels": {
          "list": { "method": "get", "path": "/conversations.list", "response_path": "channels", "query": { "types": "{{query.types?:public_channel}}", "exclude_archived": true } }
        },
        "messages": {
          "create": { "method": "post", "path": "/chat.postMessage", "body": { "channel": "{{body.channel}}", "text": "{{body.text}}", "blocks": "{{body.blocks:any:undefined}}" }, "pagination": null },
          "list": { "method": "get", "path": "/conversations.history", "response_path": "messages", "query": { "channel": "{{query.channel}}", "oldest": "{{previous_run_date:undefined}}" } }
        },
        "users": { "list": { "method": "get", "path": "/users.list", "response_path": "members", "query_array_format": "comma" } }
      },
      "webhook": {
        "handle_verification": "body.type = 'url_verification' ? { 'type': 'verify', 'verification_response': { 'status_code': 200, 'body': { 'challenge': body.challenge } } } : { 'type': 'payload' }",
        "signature_verification": {
          "format": "hmac",
          "config": {
            "secret": "{{environment_variables.signing_secret}}", "algorithm": "sha256", "string_type": "hex",
            "compare_with": "{{headers.x-slack-signature}}", "prefix": "v0=",
            "verification_content": ["v0:{{headers.x-slack-request-timestamp}}:{{raw_body}}"],
            "timestamp": "{{headers.x-slack-request-timestamp}}", "timestamp_tolerance_seconds": 300
          }
        },
        "context_lookup_field_name": "team_id",
        "context_lookup_value": "{{body.team_id}}"
      }
    }
    """;

    /// <summary>The Slack config again, written as YAML the way a person would.</summary>
    public const string SlackYaml = """
    base_url: https://slack.com/api
    body_format: json
    credentials:
      oauth2:
        config:
          client:
            id: "{{environment_variables.client_id}}"
            secret: "{{environment_variables.client_secret}}"
          auth:
            tokenHost: https://slack.com
            tokenPath: /api/oauth.v2.access
            authorizePath: /oauth/v2/authorize
          options:
            scopeSeparator: ","
            authorizationMethod: body
          scope: [channels:read, chat:write, users:read]
      api_key:
        config:
          fields:
            - name: bot_token
              label: Bot token
              type: password
              required: true
            - name: workspace_tier
              label: Tier
              type: single_select
              default: free
              options:
                - { value: free, label: Free }
                - value: pro
    authorization:
      format: header
      config:
        headers:
          Authorization: "Bearer {{oauth.token.access_token|bot_token}}"
    error_expression: >-
      data.ok = false ? { 'status': data.error = 'ratelimited' ? 429 : (data.error in ['invalid_auth', 'not_authed', 'token_revoked'] ? 401 : 400), 'message': data.error }
    rate_limit:
      is_rate_limited: status = 429 or data.error = 'ratelimited'
      retry_after_header_expression: $number(headers.`retry-after`)
    pagination:
      format: cursor
      config:
        cursor_key: cursor
        cursor_path: response_metadata.next_cursor
        limit_key: limit
        max_limit: 200
    resources:
      channels:
        list:
          method: get
          path: /conversations.list
          response_path: channels
          query:
            types: "{{query.types?:public_channel}}"
            exclude_archived: true
      messages:
        create:
          method: post
          path: /chat.postMessage
          body:
            channel: "{{body.channel}}"
            text: "{{body.text}}"
            blocks: "{{body.blocks:any:undefined}}"
          pagination: null
        list:
          method: get
          path: /conversations.history
          response_path: messages
          query:
            channel: "{{query.channel}}"
            oldest: "{{previous_run_date:undefined}}"
      users:
        list: { method: get, path: /users.list, response_path: members, query_array_format: comma }
    webhook:
      handle_verification: "body.type = 'url_verification' ? { 'type': 'verify', 'verification_response': { 'status_code': 200, 'body': { 'challenge': body.challenge } } } : { 'type': 'payload' }"
      signature_verification:
        format: hmac
        config:
          secret: "{{environment_variables.signing_secret}}"
          algorithm: sha256
          string_type: hex
          compare_with: "{{headers.x-slack-signature}}"
          prefix: v0=
          verification_content:
            - "v0:{{headers.x-slack-request-timestamp}}:{{raw_body}}"
          timestamp: "{{headers.x-slack-request-timestamp}}"
          timestamp_tolerance_seconds: 300
      context_lookup_field_name: team_id
      context_lookup_value: "{{body.team_id}}"
    """;
}
