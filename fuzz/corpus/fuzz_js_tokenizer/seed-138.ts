// Written for Strata's recorder tests: the kind of data module a TypeORM data
// migration imports and loops over.
export interface CountrySeed {
    code: string;
    name: string;
    continent: string;
    founded: Date | null;
    motto: string | null;
    languages: string[];
    info: object;
    flag: Buffer | null;
}

export const countries: CountrySeed[] = [
    { code: 'FR', name: 'France', continent: 'europe', founded: new Date('1958-10-04T00:00:00Z'), motto: "Liberté, égalité, fraternité", languages: ['fr'], info: { capital: 'Paris', eu: true }, flag: Buffer.from([0x00, 0x23, 0x55, 0xa4]) },
    { code: 'CI', name: "Côte d'Ivoire", continent: 'africa', founded: null, motto: "Union - Discipline - Travail", languages: ['fr', 'dyu'], info: { capital: 'Yamoussoukro' }, flag: null },
    { code: 'NZ', name: 'New Zealand', continent: 'oceania', founded: new Date(Date.UTC(1907, 8, 26, 12, 30)), motto: null, languages: ['en', 'mi', 'nzs'], info: { capital: 'Wellington', quote: "it's \"sweet\" as \\ $1" }, flag: Buffer.from('\\x27', 'utf8') },
];
