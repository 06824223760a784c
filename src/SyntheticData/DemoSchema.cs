namespace DataHub.SyntheticData;

/// <summary>
/// The exact DDL of the three demo databases. The hub's declarative source mappings are written against these names:
/// do not rename. Dates are TEXT 'yyyy-MM-dd'; enum-like values are UPPER_CASE strings. Secondary indexes are
/// created after the bulk insert, which is much faster than maintaining them row by row.
/// </summary>
internal static class DemoSchema
{
    public const string SeedInfo = "CREATE TABLE seed_info (key TEXT PRIMARY KEY, value TEXT);";

    public const string Population = """
        CREATE TABLE households (
          household_id TEXT PRIMARY KEY,            -- 'HK' + 10 digits, e.g. HK0270000123
          head_personal_id TEXT NOT NULL,
          address TEXT NOT NULL,                    -- full Vietnamese address text
          province TEXT NOT NULL, commune TEXT NOT NULL,
          registered_on TEXT NOT NULL);
        CREATE TABLE citizens (
          personal_id TEXT PRIMARY KEY,
          former_id_number TEXT NULL,               -- 9 digits, only for people born before 2000
          full_name TEXT NOT NULL,
          date_of_birth TEXT NOT NULL,
          sex TEXT NOT NULL,                        -- MALE | FEMALE
          birth_registration_place TEXT NOT NULL,   -- e.g. 'Xã Tiên Du, Tỉnh Bắc Ninh' — its province must match the ID's province code
          hometown TEXT NOT NULL,
          ethnicity TEXT NOT NULL,                  -- Kinh (~85%), Tày, Thái, Mường, Khmer, Hoa, Nùng, H'Mông, Dao
          religion TEXT NOT NULL,                   -- 'Không' (~85%), Phật giáo, Công giáo, Tin Lành, Cao Đài, Hòa Hảo
          nationality TEXT NOT NULL,                -- 'Việt Nam'
          marital_status TEXT NOT NULL,             -- SINGLE | MARRIED | DIVORCED | WIDOWED
          permanent_residence TEXT NOT NULL,
          temporary_residence TEXT NULL,
          current_residence TEXT NOT NULL,
          father_personal_id TEXT NULL, mother_personal_id TEXT NULL, spouse_personal_id TEXT NULL,
          household_id TEXT NULL, household_head_personal_id TEXT NULL,
          relation_to_household_head TEXT NULL,     -- 'Chủ hộ', 'Vợ', 'Chồng', 'Con', 'Cha', 'Mẹ', 'Cháu'
          date_of_death TEXT NULL,
          blood_type TEXT NULL,                     -- A+, A-, B+, B-, AB+, AB-, O+, O-
          phone_number TEXT NULL,                   -- 10 digits starting 03/05/07/08/09, adults only
          email TEXT NULL,
          occupation TEXT NULL, education_level TEXT NULL,   -- Vietnamese text
          id_card_number TEXT NULL, id_card_issued_on TEXT NULL, id_card_issued_by TEXT NULL, id_card_expires_on TEXT NULL,  -- citizens aged 14+; number = personal id
          electronic_id_level INTEGER NULL,         -- 1 or 2 (adults), NULL otherwise
          legal_representative_personal_id TEXT NULL, -- minors (<18): a living parent
          face_image_ref TEXT NULL, fingerprint_ref TEXT NULL);  -- synthetic opaque refs like 'bio:face:' + 16 hex
        """;

    public static readonly string[] PopulationIndexes =
    [
        "CREATE INDEX ix_citizens_full_name ON citizens(full_name);",
        "CREATE INDEX ix_citizens_date_of_birth ON citizens(date_of_birth);",
        "CREATE INDEX ix_citizens_household ON citizens(household_id);",
        "CREATE INDEX ix_citizens_father ON citizens(father_personal_id);",
        "CREATE INDEX ix_citizens_mother ON citizens(mother_personal_id);",

        // The statistics forms (issue 15): covering indexes, so a GROUP BY over a million citizens reads a narrow index
        // instead of the wide rows. Every column a form groups or filters by, and the key (cell-key perturbation sums
        // it per cell); the date of birth first, for the forms that filter on it (14+, born in the last two years).
        "CREATE INDEX ix_citizens_statistics ON citizens(date_of_birth, household_id, electronic_id_level, id_card_number, sex, ethnicity, personal_id);",
        "CREATE INDEX ix_citizens_statistics_death ON citizens(date_of_death, personal_id);",
        "CREATE INDEX ix_households_commune ON households(household_id, commune);",
    ];

    public const string Land = """
        CREATE TABLE land_parcels (
          parcel_id TEXT PRIMARY KEY,               -- e.g. 'TD-027-00012345'
          province TEXT NOT NULL, commune TEXT NOT NULL, address TEXT NOT NULL,
          map_sheet_number INTEGER NOT NULL, parcel_number INTEGER NOT NULL,
          area_m2 REAL NOT NULL,
          land_use_type TEXT NOT NULL,              -- RESIDENTIAL | RICE | ANNUAL_CROP | PERENNIAL_CROP | AQUACULTURE | FOREST
          land_use_term TEXT NOT NULL);             -- 'Lâu dài' or 'Đến 2064-12-31'
        CREATE TABLE land_use_rights (
          right_id TEXT PRIMARY KEY, parcel_id TEXT NOT NULL, holder_personal_id TEXT NOT NULL,
          certificate_number TEXT NOT NULL,         -- like 'CS 123456'
          issued_on TEXT NOT NULL, share_percent REAL NOT NULL,
          acquisition TEXT NOT NULL,                -- ALLOCATED | TRANSFERRED | INHERITED | GIFTED | LEASED
          status TEXT NOT NULL);                    -- ACTIVE | CANCELLED
        """;

    public static readonly string[] LandIndexes =
    [
        "CREATE INDEX ix_land_use_rights_holder ON land_use_rights(holder_personal_id);",
        "CREATE INDEX ix_land_use_rights_parcel ON land_use_rights(parcel_id);",
        "CREATE INDEX ix_land_parcels_statistics ON land_parcels(land_use_type, commune, area_m2, parcel_id);",
    ];

    public const string Welfare = """
        CREATE TABLE benefit_cases (
          case_id TEXT PRIMARY KEY, beneficiary_personal_id TEXT NOT NULL,
          benefit_type TEXT NOT NULL,               -- FUNERAL_ALLOWANCE | SOCIAL_PENSION | DISABILITY_ALLOWANCE | POOR_HOUSEHOLD_SUPPORT | CHILD_NUTRITION
          status TEXT NOT NULL,                     -- PENDING | APPROVED | REJECTED | PAID | CLOSED
          amount_vnd INTEGER NOT NULL, opened_on TEXT NOT NULL, decided_on TEXT NULL,
          commune TEXT NOT NULL,
          deceased_personal_id TEXT NULL);          -- FUNERAL_ALLOWANCE only: the dead citizen; beneficiary is a living relative
        """;

    public static readonly string[] WelfareIndexes =
    [
        "CREATE INDEX ix_benefit_cases_beneficiary ON benefit_cases(beneficiary_personal_id);",
        "CREATE INDEX ix_benefit_cases_deceased ON benefit_cases(deceased_personal_id);",
        "CREATE INDEX ix_benefit_cases_statistics ON benefit_cases(status, benefit_type, commune, opened_on, amount_vnd, case_id);",
    ];
}
