namespace Serverless.Core.Platform;

/// <summary>
/// Secret-store names of platform secrets. Key Vault allows letters, digits and '-', so credential
/// field names (identifiers of lowercase letters, digits and '_') map '_' to '-', which is one-to-one.
/// </summary>
internal static class SecretNames
{
    public static string AccountField(Guid accountId, string fieldName) => $"ia-{accountId:N}-{fieldName.Replace('_', '-')}";

    public static string WebhookSecret(Guid webhookId) => $"webhook-{webhookId:N}";
}
