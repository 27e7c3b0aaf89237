import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';

/** Shows that something was saved; its close button is named in the reader's language (Mantine's has no name). */
export function useNotifySaved(): (message: string) => void {
  const { t } = useTranslation();
  return (message) =>
    notifications.show({ color: 'teal', message, closeButtonProps: { 'aria-label': t('notifications.close') } });
}
