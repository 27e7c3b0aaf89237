import * as z from 'zod';
import {
  CountryCode,
  Cursor,
  CustomFields,
  Limit,
  Name,
  StoredNumber,
  Ulid,
  versionedFields,
} from '../common/fields.ts';
import { numberInput } from '../common/numbers.ts';
import { normaliseDomain } from './domain.ts';

export const companySizes = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'] as const;

const Domain = z
  .string()
  .max(300)
  .transform((value, ctx) => {
    const domain = normaliseDomain(value);
    if (!domain) ctx.addIssue({ code: 'custom', message: 'must be a domain such as example.com' });
    return domain ?? value;
  });

const companyFields = {
  name: Name(),
  domain: Domain.optional(),
  industry: Name(100).optional(),
  size: z.enum(companySizes).optional(),
  country: CountryCode.optional(),
  annualRevenue: numberInput(StoredNumber.nonnegative().max(1e13)).optional(),
  ownerId: Ulid.optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  customFields: CustomFields.default({}),
};

export const CreateCompanyRequest = z.strictObject(companyFields);
export type CreateCompanyRequest = z.infer<typeof CreateCompanyRequest>;

export const UpdateCompanyRequest = z
  .strictObject({
    name: companyFields.name.optional(),
    domain: Domain.nullable().optional(),
    industry: Name(100).nullable().optional(),
    size: z.enum(companySizes).nullable().optional(),
    country: CountryCode.nullable().optional(),
    annualRevenue: companyFields.annualRevenue.nullable(),
    ownerId: Ulid.nullable().optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    customFields: CustomFields.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateCompanyRequest = z.infer<typeof UpdateCompanyRequest>;

export const Company = z.object({
  ...versionedFields,
  name: z.string(),
  domain: z.string().optional(),
  industry: z.string().optional(),
  size: z.enum(companySizes).optional(),
  country: z.string().optional(),
  annualRevenue: z.number().optional(),
  ownerId: z.string().optional(),
  tags: z.array(z.string()),
  customFields: CustomFields,
});
export type Company = z.infer<typeof Company>;

export const CompanyId = z.object({ companyId: Ulid });
export const ListCompaniesQuery = z.strictObject({ ownerId: Ulid.optional(), limit: Limit, cursor: Cursor.optional() });
export type ListCompaniesQuery = z.infer<typeof ListCompaniesQuery>;
export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export type PageQuery = z.infer<typeof PageQuery>;
