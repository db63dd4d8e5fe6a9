import { isLanguage, LANGUAGES, language, setLanguage, useT } from '../i18n/i18n.ts';

/** The page's language, in the header; each option is named in its own language. */
export function LanguageSwitch() {
  const t = useT();
  return (
    <span class="language-switch">
      <label for="language-select">{t('language.label')}</label>{' '}
      <select
        id="language-select"
        value={language.value}
        onChange={(e) => {
          const lng = e.currentTarget.value;
          if (isLanguage(lng)) setLanguage(lng);
        }}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`language.${lng}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
