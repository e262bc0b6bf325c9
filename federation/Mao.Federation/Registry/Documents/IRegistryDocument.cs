namespace Mao.Federation.Registry.Documents;

/// <summary>A versioned JSON document kept in the registry.</summary>
public interface IRegistryDocument
{
    static abstract string CurrentFormat { get; }

    string Format { get; }

    void Validate(string where);
}
