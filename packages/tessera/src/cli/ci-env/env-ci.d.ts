// The part of env-ci's result Tessera reads (the package ships no types).
declare module 'env-ci' {
  interface EnvCiResult {
    isCi: boolean;
    /** `github`, `gitlab`, `travis`, `azure-pipelines`, `bitbucket`, … or `git` outside CI. */
    service?: string;
    commit?: string;
    branch?: string;
    prBranch?: string;
    isPr?: boolean;
    pr?: string | number;
    build?: string | number;
    slug?: string;
  }
  export default function envCi(options?: { env?: Record<string, string | undefined>; cwd?: string }): EnvCiResult;
}
