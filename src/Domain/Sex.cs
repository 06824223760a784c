namespace DataHub.Domain;

/// <summary>Sex as recorded in the National Population Database and encoded in the 4th digit of a personal ID.</summary>
public enum Sex
{
    Male,
    Female,
}
